package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.secretsagent.harness.AgentJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that a Vault token never leaks: one {@link VaultServer} per test class, reset before
 * every test to the secret {@code db-password} and a valid root token, and child JVMs managing
 * {@code DB_PASSWORD} with a termination log, whose every output {@link #assertNoToken} checks.
 */
abstract class VaultLeakFixture {

  static VaultServer vault;
  @TempDir Path dir;
  String token;

  @BeforeAll
  static void start() throws Exception {
    vault = VaultServer.start(true);
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  @BeforeEach
  void seed() {
    vault.reset();
    vault.kv().put("secret", "db-password", Map.of("value", "vault-pw-5c1e7a90"));
    token =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("root"), Duration.ofHours(1), true))
            .id();
  }

  /** The agent against the server, without a token: the test gives one its own way. */
  AgentJvm agentWithoutToken() throws Exception {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "hashicorp_vault")
        .env("VAULT_ADDR", vault.address())
        .env("VAULT_CACERT", vault.certificate().pem().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env("SECRETS_STARTUP_TIMEOUT", "5s")
        .env(
            "SECRETS_TERMINATION_LOG", Files.createFile(dir.resolve("termination-log")).toString());
  }

  /** The agent with the valid token in {@code VAULT_TOKEN}. */
  AgentJvm agent() throws Exception {
    return agentWithoutToken().env("VAULT_TOKEN", token);
  }

  /** Neither stderr, nor stdout, nor the termination log holds the token. */
  void assertNoToken(AgentJvm.Result result) throws Exception {
    String logged = Files.readString(dir.resolve("termination-log"));
    assertFalse(result.stderr().contains(token), result::toString);
    assertFalse(result.stdout().contains(token), result::toString);
    assertFalse(logged.contains(token), logged);
  }
}
