package io.secretsagent.internal.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatchKeeperTest {

  @Test
  void theProbeRunsOnlyWhenTheJvmLoadsAnotherAgent() {
    assertFalse(PatchKeeper.otherAgents(List.of("-javaagent:/opt/secrets-agent.jar", "-Xmx1g")));
    assertTrue(PatchKeeper.otherAgents(List.of("-javaagent:/opt/a.jar", "-javaagent:/opt/b.jar")));
    assertTrue(PatchKeeper.otherAgents(List.of("-agentpath:/opt/p.so", "-javaagent:/opt/a.jar")));
    assertTrue(PatchKeeper.otherAgents(List.of("-javaagent:/opt/a.jar", "-agentlib:jdwp=x")));
    assertTrue(PatchKeeper.otherAgents(List.of()), "arguments that do not show this agent");
  }

  @Test
  void thePatchIsAppliedOnceAndRecognised() throws Exception {
    byte[] original = SystemInstrumentation.originalBytes();
    assertFalse(SystemInstrumentation.isPatched(original));
    byte[] patched = SystemInstrumentation.patch(original);
    assertTrue(SystemInstrumentation.isPatched(patched));
  }

  @Test
  void theTransformerPatchesOnlyAnUnpatchedSystem() throws Exception {
    byte[] original = SystemInstrumentation.originalBytes();
    byte[] patched = SystemInstrumentation.patch(original);
    PatchKeeper keeper = new PatchKeeper();
    assertArrayEquals(patched, keeper.transform(null, "java/lang/System", null, null, original));
    assertNull(keeper.transform(null, "java/lang/System", null, null, patched), "already patched");
    assertNull(keeper.transform(null, "java/lang/Runtime", null, null, original), "another class");
    assertNull(
        keeper.transform(getClass().getClassLoader(), "java/lang/System", null, null, original),
        "a System of another loader");
  }
}
