package io.secretsagent.internal.pool;

import io.secretsagent.pool.PoolFamily;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Before every {@code return} of a pool family's watched constructor: {@code
 * SecretsAgentBridge.constructed(familyName, argument)}. No new branches, so the stack map frames
 * stay valid.
 */
final class ConstructorPatch {

  /** The bridge's generic hook: a class we watch was constructed. */
  static final String HOOK = "constructed";

  static final String HOOK_DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/Object;)V";

  private ConstructorPatch() {}

  /**
   * @param hookOwner internal name of the class whose static {@value #HOOK} method is called: the
   *     bridge, or a stand-in in tests
   * @throws IllegalStateException when the class lacks the family's watched constructor
   */
  static byte[] patch(byte[] original, PoolFamily family, String hookOwner) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    boolean[] found = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("<init>") || !descriptor.equals(family.watchedConstructor())) {
              return mv;
            }
            found[0] = true;
            return new MethodVisitor(Opcodes.ASM9, mv) {
              @Override
              public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                  super.visitLdcInsn(family.name());
                  super.visitVarInsn(Opcodes.ALOAD, family.watchedArgument());
                  super.visitMethodInsn(
                      Opcodes.INVOKESTATIC, hookOwner, HOOK, HOOK_DESCRIPTOR, false);
                }
                super.visitInsn(opcode);
              }
            };
          }
        },
        0);
    if (!found[0]) {
      throw new IllegalStateException(
          "this "
              + family.name()
              + " has no "
              + family.watchedClass()
              + " constructor "
              + family.watchedConstructor());
    }
    return writer.toByteArray();
  }
}
