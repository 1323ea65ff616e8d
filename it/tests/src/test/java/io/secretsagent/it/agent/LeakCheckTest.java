package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Fault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "Leak checks" of docs/reliability.md: with secrets in use, and the application itself asking
 * the Azure SDK for verbose, body-and-headers logging, no secret value and no bearer token the
 * server issued (they all start with {@code kvtest.}) shows up in the agent's output at any log
 * level (including refresh failures and their stack traces at debug), {@code /proc/self/environ},
 * {@code System.getProperties()}, any attribute of the agent's MBeans, any thread name, or the
 * {@code check} command's output.
 */
class LeakCheckTest extends KeyVaultAgentFixture {

  static final String API_KEY = "api-key-3f9a62d1e8";

  static AgentJvm leakyApplication(String level) {
    server.secrets().set("api-key", API_KEY);
    return agent(Jdk.CURRENT, "DB_PASSWORD,API_KEY,DB_USERNAME=db-creds#username")
        .env("AZURE_LOG_LEVEL", "verbose")
        .env("AZURE_HTTP_LOG_DETAIL_LEVEL", "BODY_AND_HEADERS")
        .env("SECRETS_LOG_LEVEL", level)
        .env("SECRETS_REFRESH_INTERVAL", "300ms") // also registers the MBean after 300 ms
        .env(
            "SECRETS_STARTUP_TIMEOUT",
            "20s"); // start-up is not under test here, on however busy a machine
  }

  static void assertNothingLeaks(String output, String what) {
    assertFalse(output.contains(API_KEY), () -> "a secret value in " + what + ":\n" + output);
    assertNoLeak(output);
  }

  @ParameterizedTest
  @ValueSource(strings = {"debug", "info", "warn", "error", "off"})
  void noSecretOrTokenInOutputEnvironPropertiesJmxOrThreadNames(String level) {
    AgentJvm.Result result =
        leakyApplication(level)
            .run(
                LeakProbeApp.class,
                line -> {
                  if (line.equals(
                      "ready")) { // refreshes fail twice, then recover: the warning, debug stack
                    // traces, recovery
                    server.faults().nextVaultRequests(2, Fault.unavailable());
                  }
                },
                "DB_PASSWORD",
                "API_KEY",
                "--",
                new StringBuilder(TOKEN_PREFIX).reverse().toString());
    assertAll(
        () -> assertEquals(0, result.exitStatus(), result::toString),
        () -> assertEquals("false", result.lookups().get("leak:environ"), result::toString),
        () ->
            assertEquals("false", result.lookups().get("leak:system-properties"), result::toString),
        () -> assertEquals("false", result.lookups().get("leak:jmx"), result::toString),
        () -> assertEquals("false", result.lookups().get("leak:thread-names"), result::toString),
        () ->
            assertEquals(
                "3", result.lookups().get("mbean-attributes:"), "the MBean was read: " + result),
        () -> assertNothingLeaks(result.stderr(), "the agent's stderr at level " + level),
        () -> assertFalse(result.stderr().contains("SLF4J"), result::toString));
    if (level.equals("debug")) {
      assertTrue(
          result.stderr().contains("failed, the last good value is still served"),
          "a refresh failed: " + result);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"debug", "info"})
  void noSecretOrTokenInTheCheckCommandsOutput(String level) {
    List<String> command = new ArrayList<>(List.of(Jdk.CURRENT.java().toString()));
    command.addAll(server.childJvmOptions());
    command.addAll(List.of("-jar", AgentJvm.agentJar().toString(), "check"));
    AgentJvm.Result ok = leakyApplication(level).exec(command, null);
    assertEquals(0, ok.exitStatus(), ok::toString);
    assertTrue(ok.stdout().contains("3 of 3 managed keys resolved"), ok::toString);
    assertNothingLeaks(ok.stdout() + ok.stderr(), "check");
  }
}
