package io.secretsagent.internal.hikari;

import io.secretsagent.internal.runtime.Log;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds HikariCP without a standing transformer (ADR-012). {@code HikariConfig}'s constructor looks
 * up the system property {@code hikaricp.configurationFile}; the agent's property hook sees that,
 * with {@code HikariConfig} on the stack, once per class loader. At that moment {@code HikariPool}
 * is loaded in the same loader with a transformer registered only for that one load (or redefined,
 * if it was loaded already), so that its constructor tells the bridge of every pool started. Works
 * wherever HikariCP lives: the class path, a Spring Boot nested jar, a web application's loader.
 */
public final class HikariDiscovery {

  static final String CONFIG_CLASS = "com.zaxxer.hikari.HikariConfig";
  static final String POOL_CLASS = "com.zaxxer.hikari.pool.HikariPool";

  private final Instrumentation inst;
  private final Set<ClassLoader> seen =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  public HikariDiscovery(Instrumentation inst) {
    this.inst = inst;
  }

  /** Called from the {@code System.getProperty} hook, on the thread constructing a HikariConfig. */
  public void hikariConfigConstructed() {
    Class<?> config =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c.getName().equals(CONFIG_CLASS))
                        .findFirst()
                        .orElse(null));
    if (config == null || !seen.add(config.getClassLoader())) {
      return;
    }
    try {
      instrumentPool(config.getClassLoader());
      Log.debug(
          "HikariCP found in "
              + config.getClassLoader()
              + "; its pools will be bound to the secrets they use");
    } catch (Throwable t) {
      Log.warn(
          "HikariCP was found, but its pools cannot be followed, so they will not switch to rotated passwords: "
              + t,
          t);
    }
  }

  private void instrumentPool(ClassLoader loader) throws Exception {
    AtomicBoolean patched = new AtomicBoolean();
    String internalName = POOL_CLASS.replace('.', '/');
    ClassFileTransformer oneLoad =
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader l, String name, Class<?> redefined, ProtectionDomain d, byte[] bytes) {
            if (l != loader || !internalName.equals(name)) {
              return null;
            }
            patched.set(true);
            return HikariPoolPatch.patch(bytes);
          }
        };
    inst.addTransformer(oneLoad);
    Class<?> pool;
    try {
      pool = Class.forName(POOL_CLASS, false, loader); // loads it now, without initialising it
    } finally {
      inst.removeTransformer(oneLoad);
    }
    if (!patched.get()) {
      try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
        if (in == null) {
          throw new IllegalStateException(
              POOL_CLASS + " was loaded before, and its class file is not readable");
        }
        inst.redefineClasses(new ClassDefinition(pool, HikariPoolPatch.patch(in.readAllBytes())));
      }
    }
  }
}
