package io.secretsagent.internal.hikari;

import io.secretsagent.internal.instrument.BridgeInjector;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Before every {@code return} of {@code HikariPool(HikariConfig)}: the pool has started; {@code
 * SecretsAgentBridge.hikariPoolStarted(config)}. No new branches, so the stack map frames stay
 * valid. The constructor's signature is the same in HikariCP 5, 6 and 7.
 */
final class HikariPoolPatch {

  private static final String CONSTRUCTOR = "(Lcom/zaxxer/hikari/HikariConfig;)V";

  private HikariPoolPatch() {}

  static byte[] patch(byte[] original) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] found = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("<init>") || !descriptor.equals(CONSTRUCTOR)) {
              return mv;
            }
            found[0] = true;
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                  super.visitVarInsn(Opcodes.ALOAD, 1);
                  super.visitMethodInsn(
                      Opcodes.INVOKESTATIC,
                      BridgeInjector.BRIDGE_NAME,
                      "hikariPoolStarted",
                      "(Ljava/lang/Object;)V",
                      false);
                }
                super.visitInsn(opcode);
              }
            };
          }
        },
        0);
    if (!found[0]) {
      throw new IllegalStateException("this HikariCP has no HikariPool(HikariConfig) constructor");
    }
    return writer.toByteArray();
  }
}
