package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.ChildEnvironmentApp;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the agent must not serve, and what it says when it serves none: an environment variable
 * cannot hold NUL (a child process's environment copied from {@code System.getenv()} would fail,
 * with the value in the exception's message), and a key never resolved has no last good value.
 */
class UnservableValueIT {

  /** NUL in the middle of the value, as a JSON escape in the secrets file. */
  static final String WITH_NUL_JSON = "{\"db-password\": \"nul-\\u0000-7f3a\"}";

  @TempDir Path dir;

  private AgentJvm fileBackend(SecretsFile file) {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD");
  }

  @Test
  void aValueWithNulForAnEnvironmentVariableIsRefusedAtStartNamingTheKey() {
    AgentJvm.Result result =
        fileBackend(new SecretsFile(dir, WITH_NUL_JSON))
            .run(ChildEnvironmentApp.class, "DB_PASSWORD");
    ExitStatusIT.assertRefused(
        result,
        69,
        "DB_PASSWORD -> secret 'db-password': the value of secret 'db-password' for environment"
            + " variable DB_PASSWORD contains a NUL character");
    assertFalse(result.stderr().contains("7f3a"), "never the value:\n" + result);
  }

  @Test
  void withFailFastOffTheJdkValueIsServedAndChildProcessesStillStart() {
    AgentJvm.Result result =
        fileBackend(new SecretsFile(dir, WITH_NUL_JSON))
            .env("SECRETS_FAIL_FAST", "false")
            .run(ChildEnvironmentApp.class, "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("exit 0", result.lookups().get("child"), result::toString);
    assertEquals("null", result.lookups().get("env:DB_PASSWORD"), result::toString);
    assertTrue(result.stderr().contains("contains a NUL character"), result::toString);
    assertFalse((result.stdout() + result.stderr()).contains("7f3a"), result::toString);
  }

  @Test
  void aValueWithNulAtRefreshKeepsTheLastGoodValueWithAWarning() {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"before\"}");
    AgentJvm.Result result =
        fileBackend(file)
            .env("SECRETS_REFRESH_INTERVAL", "200ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.startsWith("env-length:")) {
                    file.write(WITH_NUL_JSON);
                  }
                },
                "env-length",
                "DB_PASSWORD",
                "sleep",
                "1500",
                "env",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("before", result.lookups().get("env:DB_PASSWORD"), result::toString);
    assertEquals(
        1,
        count(
            result.stderr(),
            "new version of secret 'db-password' is not used, the last good value is still served:"
                + " the value of secret 'db-password' for environment variable DB_PASSWORD"
                + " contains a NUL character"),
        "warned once:\n" + result);
    assertFalse(result.stderr().contains("7f3a"), result::toString);
  }

  @Test
  void aKeyNeverResolvedSaysTheJdkValueIsServedWhenItsRefreshFails() {
    AgentJvm.Result result =
        fileBackend(new SecretsFile(dir, "{\"other\": \"x\"}"))
            .env("SECRETS_FAIL_FAST", "false")
            .env("SECRETS_REFRESH_INTERVAL", "200ms")
            .env("DB_PASSWORD", "the-jdks-own")
            .run(LookupApp.class, "sleep", "1000", "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("the-jdks-own", result.lookups().get("env:DB_PASSWORD"), result::toString);
    assertEquals(
        1,
        count(
            result.stderr(),
            "refreshing secret 'db-password' failed, it was never resolved, so the JDK's own"
                + " value is still served for DB_PASSWORD: "),
        result::toString);
    assertFalse(result.stderr().contains("last good value"), result::toString);
  }

  static long count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
