package io.secretsagent.internal.instrument;

import io.secretsagent.internal.runtime.Log;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the patch of {@code java.lang.System} through other agents' retransformations where the JVM
 * would start them from the unpatched class (JDK 17 to 19, after another agent retransformed {@code
 * System} before this one; ADR-021).
 *
 * <p>It registers a retransform-capable transformer that patches {@code System} when handed it
 * unpatched, and retransforms {@code System} once to see what a retransformation starts from. When
 * that is the patched class, as in every JVM where no earlier agent changed {@code System}, the
 * transformer is removed again: no transformer stays to tax every class load. Otherwise it stays,
 * and re-applies the patch on top of whatever the other agents' transformers make of the class.
 */
final class PatchKeeper implements ClassFileTransformer {

  private volatile boolean repatched;

  PatchKeeper() {}

  /**
   * Call after {@code System} was redefined with the patch.
   *
   * @return whether the transformer stays registered
   */
  static boolean keepThroughRetransformations(Instrumentation inst) throws Exception {
    if (!anotherAgentMayHaveStartedFirst(inst)) {
      return false;
    }
    long start = System.nanoTime();
    PatchKeeper keeper = new PatchKeeper();
    inst.addTransformer(keeper, true);
    try {
      inst.retransformClasses(System.class);
    } finally {
      if (!keeper.repatched) {
        inst.removeTransformer(keeper);
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Log.debug(
        keeper.repatched
            ? "another agent changed java.lang.System before this one, and this JDK would undo the"
                + " patch on its next retransformation: a transformer stays registered to re-apply"
                + " it (checked in "
                + millis
                + " ms)"
            : "a retransformation of java.lang.System keeps the patch (checked in "
                + millis
                + " ms)");
    return keeper.repatched;
  }

  /**
   * Whether the JVM's arguments (the command line, {@code JAVA_TOOL_OPTIONS} and argument files
   * included) name an agent besides this one; true when they cannot be read. Skips the probe, which
   * costs a retransformation of {@code System} (about 5 to 15 ms), in the usual JVM.
   */
  static boolean anotherAgentMayHaveStartedFirst(Instrumentation inst) {
    try {
      Module javaBase = Object.class.getModule();
      inst.redefineModule(
          javaBase,
          Set.of(),
          Map.of("jdk.internal.misc", Set.of(PatchKeeper.class.getModule())),
          Map.of(),
          Set.of(),
          Map.of());
      String[] arguments =
          (String[])
              Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments").invoke(null);
      return otherAgents(List.of(arguments));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  /** Whether these JVM arguments load an agent besides one {@code -javaagent} (this one). */
  static boolean otherAgents(List<String> jvmArguments) {
    int agents = 0;
    for (String argument : jvmArguments) {
      if (argument.startsWith("-javaagent:")
          || argument.startsWith("-agentpath:")
          || argument.startsWith("-agentlib:")) {
        agents++;
      }
    }
    return agents != 1;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (loader != null
        || !"java/lang/System".equals(className)
        || SystemInstrumentation.isPatched(classFile)) {
      return null;
    }
    try {
      byte[] patched = SystemInstrumentation.patch(classFile);
      repatched = true;
      return patched;
    } catch (Throwable t) {
      // another agent made System unrecognisable: its transformation wins, as without this agent
      return null;
    }
  }
}
