package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.hashicorp.VaultServer.BodyFault;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers that are not Vault's own (issue 12, items 1, 4, 5 and 10 of the review): text that echoes
 * the token, a web server or a redirect at {@code VAULT_ADDR}, a password in {@code VAULT_ADDR}.
 * The token never reaches stderr, the termination log or {@code check}; only a 401 or 403 is
 * reported as a refused token; the address is named once.
 */
class VaultForeignAnswerTest extends VaultLeakFixture {

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
