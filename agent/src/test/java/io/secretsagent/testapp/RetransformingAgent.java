package io.secretsagent.testapp;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second agent, like a profiler, that retransforms {@code java.lang.System}: in its premain
 * (after the secrets agent's when it comes second on the command line, before it when first), and
 * again when the application calls {@link #retransformSystem()}. Its transformer sees the class
 * bytes and returns them unchanged, or, with the agent argument {@code copy}, returns a copy of
 * them, as a profiler that instruments does; the JVM rebuilds the class from its baseline plus
 * every retransform-capable transformer.
 */
public final class RetransformingAgent {

  private static final AtomicInteger SEEN = new AtomicInteger();
  private static volatile Instrumentation instrumentation;

  public static void premain(String args, Instrumentation inst) throws Exception {
    instrumentation = inst;
    boolean copy = "copy".equals(args);
    inst.addTransformer(
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader loader, String name, Class<?> c, ProtectionDomain d, byte[] bytes) {
            if ("java/lang/System".equals(name)) {
              SEEN.incrementAndGet();
              return copy ? bytes.clone() : null;
            }
            return null;
          }
        },
        true);
    inst.retransformClasses(System.class);
    System.out.println("retransformed:System=" + SEEN.get());
  }

  /** Retransforms {@code System} again; returns how often the transformer saw it meanwhile. */
  public static int retransformSystem() throws UnmodifiableClassException {
    int before = SEEN.get();
    instrumentation.retransformClasses(System.class);
    return SEEN.get() - before;
  }
}
