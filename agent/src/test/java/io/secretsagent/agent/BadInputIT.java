package io.secretsagent.agent;

import static io.secretsagent.agent.ExitStatusIT.SECRET;
import static io.secretsagent.agent.ExitStatusIT.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nasty real inputs of the kind the fuzz tests generate, through the built jar: each ends the JVM
 * with status 78 and one message naming the setting, before the application runs, and never with
 * another exception or a secret in the output.
 */
class BadInputIT {

  @TempDir Path dir;

  private AgentJvm fileBackend(String json) {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", new SecretsFile(dir, json).path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD");
  }

  @Test
  void aDurationTooLongForTheTimersIsRefused() {
    AgentJvm.Result result =
        fileBackend("{\"db-password\": \"" + SECRET + "\"}")
            .env("SECRETS_STARTUP_TIMEOUT", "106752d")
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertRefused(
        result,
        78,
        "SECRETS_STARTUP_TIMEOUT (secrets.startup.timeout) is '106752d', longer than a year");
  }

  @Test
  void aFilePathTheFileSystemCannotNameIsRefused() {
    AgentJvm.Result result =
        fileBackend("{}")
            .env("LC_ALL", "C")
            .env("LANG", "C")
            .env("SECRETS_FILE", dir.resolve("secrets-\u00e9t\u00e9.json").toString())
            .run(LookupApp.class);
    assertRefused(result, 78, "SECRETS_FILE (secrets.file) is not a valid path");
  }

  @Test
  void aTruncatedDeeplyNestedFileIsRefusedWithoutItsContent() {
    String json =
        "{\"db-password\": \""
            + SECRET
            + "\", \"x\": "
            + "{\"k\": ".repeat(20_000)
            + "\""
            + SECRET
            + "\"";
    assertRefused(fileBackend(json).run(LookupApp.class), 78, "secrets.json is not valid JSON");
  }

  /**
   * The JVM records every exception constructed, with its message ({@code -Xlog:exceptions}, JFR,
   * profilers): a JSON parser that quotes its input there leaks the secret, even when the agent's
   * own message is clean.
   */
  @ParameterizedTest
  @ValueSource(strings = {"unquoted", "truncated", "field of a plain value"})
  void theJvmsExceptionRecordsNeverHoldSecretText(String fault) {
    String secret = "hunter2secretvalue9d4"; // one token, as a parser quotes it
    String json =
        switch (fault) {
          case "unquoted" -> "{\"db-password\": \"x\", \"other\": " + secret + "}";
          case "truncated" -> "{\"db-password\": \"" + secret;
          default -> "{\"db-password\": \"" + secret + "\"}";
        };
    AgentJvm jvm = fileBackend(json).jvmArg("-Xlog:exceptions=info");
    if (fault.startsWith("field")) {
      jvm.env("SECRETS_KEYS", "DB_PASSWORD=db-password#password");
    }
    AgentJvm.Result result = jvm.run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(fault.startsWith("field") ? 69 : 78, result.exitStatus(), result::toString);
    assertTrue(result.stdout().contains("Exception <a '"), "exceptions are recorded: " + result);
    assertFalse(result.stdout().contains(secret), result::toString);
    assertFalse(result.stderr().contains(secret), result::toString);
  }

  @Test
  void aMalformedAppServiceReferenceIsLeftAloneWithAWarningAndOtherErrorsStillNamed() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "vault")
            .env("AZURE_KEYVAULT_URL", "https://my-vault.vault.azure.net")
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .env("DB_URL", "@Microsoft.KeyVault(SecretUri=https://1%7.0.0.1/secrets/db-url)")
            .env("SECRETS_FAIL_FAST", "maybe")
            .run(LookupApp.class);
    assertRefused(
        result,
        78,
        "DB_URL is left as it is: malformed App Service Key Vault reference: the vault in SecretUri",
        "SECRETS_FAIL_FAST (secrets.fail.fast) is 'maybe'");
  }

  @Test
  void nastyAgentArgumentsNameEveryProblem() {
    AgentJvm.Result result =
        AgentJvm.current()
            .agentArgs(
                "backend=file;;keys=A,,=x,B=b#;refresh.interval=999999999m;startup=\u202elazy")
            .run(LookupApp.class);
    assertRefused(
        result,
        78,
        "'=x' in SECRETS_KEYS (secrets.keys) does not start with a valid name",
        "B: 'b#' in SECRETS_KEYS (secrets.keys) is incomplete",
        "SECRETS_REFRESH_INTERVAL (secrets.refresh.interval) is '999999999m'",
        "SECRETS_STARTUP (secrets.startup) is");
  }
}
