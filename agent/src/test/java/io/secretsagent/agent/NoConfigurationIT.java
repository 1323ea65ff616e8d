package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.testapp.LookupApp;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every JVM of an image with the agent in {@code JAVA_TOOL_OPTIONS} loads it; without configuration
 * it loads its premain class and nothing else of its own (README, "What it guarantees").
 */
class NoConfigurationIT {

  private static List<String> agentClassesLoaded(AgentJvm jvm) {
    AgentJvm.Result result =
        jvm.jvmArg("-Xlog:class+load=info:stdout:uptime").run(LookupApp.class, "env", "HOME");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("", result.stderr());
    return result
        .stdout()
        .lines()
        .filter(l -> l.contains(" io.secretsagent."))
        .map(l -> l.substring(l.indexOf(" io.secretsagent.") + 1).split(" ")[0])
        .filter(c -> !c.startsWith(LookupApp.class.getPackageName()))
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void withoutConfigurationOnlyThePremainClassIsLoaded(Jdk jdk) {
    assertEquals(
        List.of("io.secretsagent.premain.AgentPremain"), agentClassesLoaded(AgentJvm.on(jdk)));
    assertEquals(
        List.of("io.secretsagent.premain.AgentPremain"),
        agentClassesLoaded(
            AgentJvm.on(jdk).env("SECRETS_BACKEND", "env").env("SECRETS_KEYS", "A")));
  }
}
