package io.secretsagent.it.agent;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.KeyVaultServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One {@link KeyVaultServer} per test class, reset before every test to two secrets ({@code
 * db-password} and the JSON {@code db-creds}), and child JVMs with the agent authenticating as the
 * server's managed identity.
 */
abstract class KeyVaultAgentFixture {

  static final String PASSWORD = "kv-pw-0b7e41c9";

  /** Every bearer token the server issues starts with this. */
  static final String TOKEN_PREFIX = "kvtest.";

  static KeyVaultServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = KeyVaultServer.builder().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void resetServer() {
    server.faults().clear();
    server.access().allowAll();
    server.secrets().clear();
    server.requests().clear();
    server.secrets().set("db-password", PASSWORD);
    server.secrets().set("db-creds", "{\"username\": \"app\", \"password\": \"" + PASSWORD + "\"}");
  }

  /**
   * A child JVM that trusts the server; start-up budget 10 s (the default), ample on a busy
   * machine.
   */
  static AgentJvm agent(Jdk jdk, String keys) {
    AgentJvm jvm = untrustingAgent(jdk, keys);
    server.childJvmOptions().forEach(jvm::jvmArg);
    return jvm;
  }

  /** Like {@link #agent}, without trusting the server's certificate. */
  static AgentJvm untrustingAgent(Jdk jdk, String keys) {
    AgentJvm jvm = AgentJvm.on(jdk);
    server.agentEnvironment().forEach(jvm::env);
    return jvm.env("SECRETS_KEYS", keys).env("SECRETS_STARTUP_TIMEOUT", "10s");
  }

  /** Neither the secret value nor a bearer token the server issued. */
  static void assertNoLeak(String output) {
    org.junit.jupiter.api.Assertions.assertFalse(
        output.contains(PASSWORD), () -> "a secret value leaked:\n" + output);
    org.junit.jupiter.api.Assertions.assertFalse(
        output.contains(TOKEN_PREFIX), () -> "a bearer token leaked:\n" + output);
  }
}
