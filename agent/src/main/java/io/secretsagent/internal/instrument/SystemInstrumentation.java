package io.secretsagent.internal.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Patches the four lookup methods of {@code java.lang.System} so that each passes its result
 * through the bridge on the way out (ADR-006): {@code getenv(String)}, {@code getenv()}, {@code
 * getProperty(String)} and {@code getProperty(String, String)}. The JDK's own code still runs
 * first, so its checks and exceptions are unchanged.
 *
 * <p>The patched class is installed with {@code redefineClasses}, which makes the patched bytes the
 * class's new baseline: a later retransformation by another agent or a profiler starts from them,
 * and no transformer stays registered to tax every class load. The one exception, on JDK 17 to 19
 * when another agent changed {@code System} by retransformation before this agent started, is
 * {@link PatchKeeper}'s (ADR-021).
 */
public final class SystemInstrumentation {

  private static final String STRING = "Ljava/lang/String;";

  private final byte[] bridge;
  private final byte[] system;

  private SystemInstrumentation(byte[] bridge, byte[] system) {
    this.bridge = bridge;
    this.system = system;
  }

  /**
   * Does the bytecode work (reading and rewriting class files) and installs nothing, so that it can
   * run on another thread while the configuration is read and secrets are fetched.
   *
   * @throws IllegalStateException when this JDK's {@code System} lacks one of the methods
   */
  public static SystemInstrumentation prepare() throws IOException {
    return new SystemInstrumentation(BridgeInjector.bridgeBytes(), patch(originalBytes()));
  }

  /**
   * Defines the bridge, connects it to the lookups and to the hook of watched constructors, and
   * redefines {@code System}.
   *
   * @param connect called with the bridge's {@code install} method before {@code System} calls it
   * @param constructions told (watch name, object) of every watched construction (ADR-017)
   */
  public void install(
      Instrumentation inst, Connector connect, BiConsumer<String, Object> constructions)
      throws Throwable {
    BridgeInjector.Installers installers = BridgeInjector.inject(inst, bridge);
    installers.constructions().invoke(constructions);
    connect.accept(installers.lookups());
    inst.redefineClasses(new ClassDefinition(System.class, system));
    if (Runtime.version().feature() < FIRST_JDK_REDEFINE_UPDATES_BASELINE
        && inst.isRetransformClassesSupported()) {
      PatchKeeper.keepThroughRetransformations(inst);
    }
  }

  /**
   * Before JDK 20 (JDK-7124710), {@code redefineClasses} does not replace the copy of the class
   * file that the JVM keeps once a retransform-capable transformer has changed the class: when
   * another agent did so to {@code System} before this one, later retransformations start from the
   * original class and drop the patch (ADR-021).
   */
  static final int FIRST_JDK_REDEFINE_UPDATES_BASELINE = 20;

  /** Connects the bridge to the lookups. */
  @FunctionalInterface
  public interface Connector {
    void accept(MethodHandle bridgeInstall) throws Throwable;
  }

  static byte[] originalBytes() throws IOException {
    try (InputStream in = Object.class.getResourceAsStream("/java/lang/System.class")) {
      if (in == null) {
        throw new IOException(
            "the class file of java.lang.System is not readable from this runtime");
      }
      return in.readAllBytes();
    }
  }

  /** Whether the class file already calls the bridge: the patch is applied once. */
  static boolean isPatched(byte[] classFile) {
    byte[] name = BridgeInjector.BRIDGE_NAME.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + name.length <= classFile.length; i++) {
      for (int j = 0; j < name.length; j++) {
        if (classFile[i + j] != name[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static byte[] patch(byte[] original) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    Set<String> patched = new HashSet<>();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            String exit = exitCall(name, descriptor);
            if (exit == null) {
              return mv;
            }
            patched.add(name + descriptor);
            return new ExitAdvice(mv, name, exit);
          }
        },
        0);
    if (patched.size() != 4) {
      throw new IllegalStateException(
          "java.lang.System of this JDK does not have the expected lookup methods; patched only "
              + patched);
    }
    return writer.toByteArray();
  }

  /** The bridge method descriptor to call on exit, or null when the method is not a lookup. */
  static String exitCall(String name, String descriptor) {
    if (name.equals("getenv") && descriptor.equals("()Ljava/util/Map;")) {
      return "(Ljava/util/Map;)Ljava/util/Map;";
    }
    boolean lookup =
        (name.equals("getenv") && descriptor.equals("(" + STRING + ")" + STRING))
            || (name.equals("getProperty")
                && (descriptor.equals("(" + STRING + ")" + STRING)
                    || descriptor.equals("(" + STRING + STRING + ")" + STRING)));
    return lookup ? "(" + STRING + STRING + ")" + STRING : null;
  }

  /**
   * Before every {@code areturn}: {@code return SecretsBridge.<name>(result[, arg0])}. No new
   * branches, so the method's stack map frames stay valid as they are.
   */
  private static final class ExitAdvice extends MethodVisitor {
    private final String name;
    private final String bridgeDescriptor;

    ExitAdvice(MethodVisitor mv, String name, String bridgeDescriptor) {
      super(Opcodes.ASM9, mv);
      this.name = name;
      this.bridgeDescriptor = bridgeDescriptor;
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        if (bridgeDescriptor.startsWith("(" + STRING)) {
          super.visitVarInsn(Opcodes.ALOAD, 0); // the name or key argument
        }
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC, BridgeInjector.BRIDGE_NAME, name, bridgeDescriptor, false);
      }
      super.visitInsn(opcode);
    }
  }
}
