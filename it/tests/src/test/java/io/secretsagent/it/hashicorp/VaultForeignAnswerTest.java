package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.hashicorp.VaultServer.BodyFault;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers that are not Vault's own (issue 12, items 1, 4, 5 and 10 of the review): text that echoes
 * the token, a web server or a redirect at {@code VAULT_ADDR}, a password in {@code VAULT_ADDR}.
 * The token never reaches stderr, the termination log or {@code check}; only a 401 or 403 is
 * reported as a refused token; the address is named once.
 */
class VaultForeignAnswerTest {

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

  AgentJvm agent() throws Exception {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "hashicorp_vault")
        .env("VAULT_ADDR", vault.address())
        .env("VAULT_CACERT", vault.certificate().pem().toString())
        .env("VAULT_TOKEN", token)
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env("SECRETS_STARTUP_TIMEOUT", "5s")
        .env(
            "SECRETS_TERMINATION_LOG", Files.createFile(dir.resolve("termination-log")).toString());
  }

  void assertNoToken(AgentJvm.Result result) throws Exception {
    String logged = Files.readString(dir.resolve("termination-log"));
    assertFalse(result.stderr().contains(token), result::toString);
    assertFalse(result.stdout().contains(token), result::toString);
    assertFalse(logged.contains(token), logged);
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "info", "debug"})
  void vaultTextThatEchoesTheTokenIsQuotedWithoutIt(String logLevel) throws Exception {
    vault.bodyFault(BodyFault.ECHO_TOKEN, "/v1/");
    AgentJvm.Result result =
        agent().env("SECRETS_LOG_LEVEL", logLevel).run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(
        result
            .stderr()
            .contains(
                "Vault "
                    + vault.address()
                    + " cannot serve secrets: it refused the token from VAULT_TOKEN"
                    + " (403: permission denied for token [redacted]"),
        result::toString);
    assertTrue(
        Files.readString(dir.resolve("termination-log")).contains("refused the token"),
        result::toString);
    assertNoToken(result);
  }

  @Test
  void checkQuotesVaultsEchoWithoutTheToken() throws Exception {
    vault.bodyFault(BodyFault.ECHO_TOKEN, "/v1/");
    AgentJvm.Result result =
        agent()
            .exec(
                List.of(
                    Jdk.CURRENT.java().toString(), "-jar", AgentJvm.agentJar().toString(), "check"),
                null);
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(
        result.stdout().contains("permission denied for token [redacted]"), result::toString);
    assertNoToken(result);
  }

  @ParameterizedTest
  @CsvSource({
    "NOT_VAULT, 'it is not a Vault API: GET auth/token/lookup-self was answered 404'",
    "REDIRECT, 'it redirected GET auth/token/lookup-self (307), and the agent follows no redirect'"
  })
  void aWrongAddressIsNotReportedAsAWrongToken(BodyFault fault, String expected) throws Exception {
    vault.bodyFault(fault, "/v1/");
    AgentJvm.Result result = agent().run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(result.stderr().contains(expected), result::toString);
    assertTrue(result.stderr().contains("VAULT_ADDR"), result::toString);
    assertFalse(result.stderr().contains("refused the token"), result::toString);
    assertNoToken(result);
  }

  @Test
  void anAddressWithAPasswordIsRefusedWithoutQuotingIt() throws Exception {
    AgentJvm.Result result =
        agent()
            .env("VAULT_ADDR", vault.address().replace("://", "://admin:PASSWORDLEAK@"))
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(78, result.exitStatus(), result::toString);
    assertTrue(result.stderr().contains("holds a user name or password"), result::toString);
    assertFalse(result.stderr().contains("PASSWORDLEAK"), result::toString);
    assertFalse(
        Files.readString(dir.resolve("termination-log")).contains("PASSWORDLEAK"),
        result::toString);
  }
}
