package io.secretsagent.internal.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

/**
 * Defines the bridge inside {@code java.lang}, in {@code java.base}, under the name {@value
 * #BRIDGE_NAME} (ADR-005). Compared with appending a jar to the bootstrap class path, this keeps
 * class-data sharing on for application classes (appending turns it off with a JVM warning on every
 * start), needs no extra module reads for {@code java.base}, and keeps the bridge package-private:
 * application code cannot reach it.
 */
public final class BridgeInjector {

  /** The bridge's internal name, for the code that calls it. */
  public static final String BRIDGE_NAME = "java/lang/SecretsAgentBridge";

  private static final String SOURCE_NAME = "io/secretsagent/bootstrap/SecretsBridge";

  private BridgeInjector() {}

  /** The bridge's two package-private installers. */
  record Installers(MethodHandle lookups, MethodHandle constructions) {}

  /**
   * Defines the bridge (once per JVM) and returns its {@code install} and {@code watch} methods.
   *
   * @param bridge the bridge's class file, from {@link #bridgeBytes()}
   */
  static Installers inject(Instrumentation inst, byte[] bridge) throws Exception {
    Module javaBase = Object.class.getModule();
    inst.redefineModule(
        javaBase,
        Set.of(),
        Map.of(),
        // java.util: for ManagedEnvironment's field m, which test libraries reflect on
        Map.of(
            "java.lang",
            Set.of(BridgeInjector.class.getModule()),
            "java.util",
            Set.of(BridgeInjector.class.getModule())),
        Set.of(),
        Map.of());
    MethodHandles.Lookup javaLang =
        MethodHandles.privateLookupIn(System.class, MethodHandles.lookup());
    Class<?> defined = javaLang.defineClass(bridge);
    return new Installers(
        javaLang.findStatic(
            defined,
            "install",
            MethodType.methodType(
                void.class, BinaryOperator.class, BinaryOperator.class, UnaryOperator.class)),
        javaLang.findStatic(defined, "watch", MethodType.methodType(void.class, BiConsumer.class)));
  }

  /** The bridge's class file, renamed into {@code java.lang}. */
  static byte[] bridgeBytes() throws IOException {
    ClassReader reader = new ClassReader(sourceBytes());
    ClassWriter writer = new ClassWriter(0);
    reader.accept(new ClassRemapper(writer, new SimpleRemapper(SOURCE_NAME, BRIDGE_NAME)), 0);
    return writer.toByteArray();
  }

  static byte[] sourceBytes() throws IOException {
    try (InputStream in =
        BridgeInjector.class.getClassLoader().getResourceAsStream(SOURCE_NAME + ".class")) {
      if (in == null) {
        throw new IOException(SOURCE_NAME + ".class is missing from the agent jar");
      }
      return in.readAllBytes();
    }
  }
}
