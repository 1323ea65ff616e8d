package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Vault token an HTTP header cannot carry (issue 12, item 1): the JDK refuses such a header with
 * a message that quotes it. The agent checks the token's form first and says what is wrong with it,
 * never quoting it: not on stderr (at any log level), not in the termination log, not in {@code
 * check}.
 */
class VaultTokenFormTest extends VaultLeakFixture {

  @ParameterizedTest
  @CsvSource({
    "'\n', 'a line break', off",
    "'\n', 'a line break', info",
    "'\u0007', 'a control character (U+0007)', off",
    "'\u20ac', 'a character outside ASCII', off"
  })
  void aTokenWithCharactersNoHeaderCarriesIsRefusedWithoutQuotingIt(
      String odd, String what, String logLevel) throws Exception {
    String malformed = token + odd + "second-line";
    AgentJvm.Result result =
        agentWithoutToken()
            .env("VAULT_TOKEN", malformed)
            .env("SECRETS_LOG_LEVEL", logLevel)
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(78, result.exitStatus(), result::toString);
    assertTrue(
        result
            .stderr()
            .contains(
                "VAULT_TOKEN is malformed: character "
                    + (token.length() + 1)
                    + " of "
                    + malformed.length()
                    + " is "
                    + what),
        result::toString);
    assertNoToken(result);
    assertFalse(result.stderr().contains("reachable"), "not a reachability problem: " + result);
  }

  @Test
  void aTokenFileWithASecondLineIsRefusedWithoutQuotingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), token + "\nleft-over-line\n");
    AgentJvm.Result result =
        agentWithoutToken()
            .env("SECRETS_VAULT_TOKEN_FILE", file.toString())
            .env("SECRETS_LOG_LEVEL", "off")
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(
        result.stderr().contains("is malformed: character " + (token.length() + 1)),
        result::toString);
    assertNoToken(result);
  }

  @Test
  void checkNamesTheProblemWithoutQuotingTheToken() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), token + "\nleft-over-line\n");
    AgentJvm.Result result =
        agentWithoutToken()
            .env("SECRETS_VAULT_TOKEN_FILE", file.toString())
            .exec(
                List.of(
                    Jdk.CURRENT.java().toString(), "-jar", AgentJvm.agentJar().toString(), "check"),
                null);
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(result.stdout().contains("is malformed"), result::toString);
    assertNoToken(result);
  }
}
