package io.secretsagent.testapp;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A second agent, like a profiler, that retransforms {@code java.lang.System} after the secrets
 * agent patched it. Its transformer sees the class bytes and returns them unchanged; the JVM
 * rebuilds the class from its baseline plus every retransform-capable transformer.
 */
public final class RetransformingAgent {

  public static void premain(String args, Instrumentation inst) throws Exception {
    int[] seen = {0};
    inst.addTransformer(
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader loader, String name, Class<?> c, ProtectionDomain d, byte[] bytes) {
            if ("java/lang/System".equals(name)) {
              seen[0]++;
            }
            return null;
          }
        },
        true);
    inst.retransformClasses(System.class);
    System.out.println("retransformed:System=" + seen[0]);
  }
}
