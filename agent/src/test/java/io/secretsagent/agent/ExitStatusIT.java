package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent refuses to start with one message naming every problem: 78 for configuration errors, 69
 * for secrets the backend cannot serve (ADR-007). The application never runs then.
 */
class ExitStatusIT {

  static final String SECRET = "s3cr3t-value-1f2e";

  @TempDir Path dir;

  private AgentJvm fileBackend(String json, String keys) {
    SecretsFile file = new SecretsFile(dir, json);
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", keys)
        .env("SECRETS_TERMINATION_LOG", dir.resolve("termination-log").toString());
  }

  static void assertRefused(AgentJvm.Result result, int status, String... messageParts) {
    assertAll(
        () -> assertEquals(status, result.exitStatus(), result::toString),
        () -> assertEquals("", result.stdout(), "the application must not have run"),
        () -> assertTrue(result.stderr().contains("[secrets-agent] ERROR"), result::toString),
        () -> assertTrue(result.stderr().contains("exit status " + status), result::toString),
        () ->
            assertFalse(
                result.stderr().contains("\tat "), "no stack trace unless debug:\n" + result),
        () ->
            assertFalse(
                result.stderr().contains(SECRET), "no secret value in messages:\n" + result));
    for (String part : messageParts) {
      assertTrue(result.stderr().contains(part), () -> "expected '" + part + "' in\n" + result);
    }
  }

  @Test
  void unknownBackendListsTheValidOnes() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "vaultt")
            .env("SECRETS_KEYS", "A")
            .run(LookupApp.class, "env", "A");
    assertRefused(result, 78, "'vaultt', which is not a backend", "env, file");
  }

  @Test
  void everyMalformedSettingIsNamedInOneMessage() {
    AgentJvm.Result result =
        fileBackend("{}", "GOOD,BAD=has space,=x,DUP,DUP,PINNED=name/v1,FIELD=x#")
            .env("SECRETS_REFRESH_INTERVAL", "5 minutes")
            .env("SECRETS_FAIL_FAST", "yes")
            .run(LookupApp.class, "env", "GOOD");
    assertRefused(
        result,
        78,
        "BAD: 'has space' is not a valid secret name",
        "'=x' in SECRETS_KEYS (secrets.keys) does not start with a valid name",
        "DUP is listed twice",
        "FIELD: 'x#' in SECRETS_KEYS (secrets.keys) is incomplete",
        "SECRETS_REFRESH_INTERVAL (secrets.refresh.interval) is '5 minutes'",
        "SECRETS_FAIL_FAST (secrets.fail.fast) is 'yes'");
  }

  @Test
  void invalidTranslatedNameSaysHowToNameTheSecret() {
    AgentJvm.Result result = fileBackend("{}", "SPÉCIAL").run(LookupApp.class, "env", "X");
    assertRefused(
        result, 78, "SPÉCIAL: 'spécial' is not a valid secret name", "SPÉCIAL=<secret-name>");
  }

  @Test
  void versionsAreRejectedByTheFileBackend() {
    assertRefused(
        fileBackend("{}", "A=a/v1").run(LookupApp.class),
        78,
        "A: the file backend has no versions");
  }

  @Test
  void missingFileIsAConfigurationError() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .env("SECRETS_FILE", dir.resolve("absent.json").toString())
            .run(LookupApp.class);
    assertRefused(result, 78, "absent.json does not exist");
  }

  @Test
  void missingFileSettingSaysWhatToSet() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .run(LookupApp.class);
    assertRefused(result, 78, "the file backend needs SECRETS_FILE (secrets.file)");
  }

  @Test
  void malformedJsonGivesLineAndColumnButNoContent() {
    AgentJvm.Result result =
        fileBackend("{\n  \"a\": \"" + SECRET + "\",\n  \"b\": " + SECRET + "\n}", "A")
            .run(LookupApp.class);
    assertRefused(result, 78, "is not valid JSON at line 3, column");
  }

  @Test
  void fileReadableByOthersIsRefusedUnlessAllowed() throws Exception {
    AgentJvm jvm = fileBackend("{\"a\": \"" + SECRET + "\"}", "A");
    Path file = dir.resolve("secrets.json");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertRefused(
        jvm.run(LookupApp.class, "env", "A"), 78, "may be read by group or others", "chmod 600");

    AgentJvm.Result allowed =
        jvm.env("SECRETS_FILE_ALLOW_OPEN_PERMISSIONS", "true").run(LookupApp.class, "env", "A");
    assertEquals(0, allowed.exitStatus(), allowed::toString);
    assertEquals(SECRET, allowed.lookups().get("env:A"));
  }

  @Test
  void unreadableFileIsAConfigurationError() throws Exception {
    AgentJvm jvm = fileBackend("{}", "A");
    Files.delete(dir.resolve("secrets.json"));
    Files.createDirectory(dir.resolve("secrets.json"));
    assertRefused(jvm.run(LookupApp.class), 78, "secrets.json cannot be read");
  }

  @Test
  void everyMissingSecretIsNamedWithStatus69AndTheTerminationLog() throws Exception {
    Path terminationLog = Files.createFile(dir.resolve("termination-log"));
    AgentJvm.Result result =
        fileBackend(
                "{\"present\": \"" + SECRET + "\", \"creds\": {\"user\": \"u\"}}",
                "PRESENT, ABSENT_ONE, ABSENT_TWO=nowhere, PASSWORD=creds#password")
            .run(LookupApp.class, "env", "PRESENT");
    assertRefused(
        result,
        69,
        "3 of 4 managed keys could not be resolved",
        "ABSENT_ONE -> secret 'absent-one'",
        "ABSENT_TWO -> secret 'nowhere'",
        "secret 'creds' has no field 'password'",
        "SECRETS_FAIL_FAST=false");
    String logged = Files.readString(terminationLog);
    assertTrue(logged.contains("ABSENT_ONE") && logged.contains("exit status 69"), logged);
    assertFalse(logged.contains(SECRET), logged);
  }

  @Test
  void failFastFalseStartsWithWarningsAndTheRealValues() {
    AgentJvm.Result result =
        fileBackend("{\"present\": \"" + SECRET + "\"}", "PRESENT,PATH")
            .env("SECRETS_FAIL_FAST", "false")
            .run(LookupApp.class, "env", "PRESENT", "env", "PATH");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(SECRET, result.lookups().get("env:PRESENT"));
    assertEquals(
        System.getenv("PATH"), result.lookups().get("env:PATH"), "unresolved: the JDK's own value");
    assertTrue(
        result.stderr().contains("[secrets-agent] WARN 1 of 2 managed keys could not be resolved"),
        result::toString);
  }

  @Test
  void configurationErrorsStayFatalWithFailFastFalse() {
    AgentJvm.Result result =
        fileBackend("{}", "A=bad name").env("SECRETS_FAIL_FAST", "false").run(LookupApp.class);
    assertRefused(result, 78, "'bad name' is not a valid secret name");
  }

  @Test
  void malformedAgentArgumentIsAConfigurationError() {
    AgentJvm.Result result =
        AgentJvm.current().agentArgs("backend=file;refresh=5m").run(LookupApp.class);
    assertRefused(
        result,
        78,
        "agent argument 'refresh' is not a known name=value setting",
        "refresh.interval");
  }

  @Test
  void debugLevelAddsTheStackTrace() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .env("SECRETS_LOG_LEVEL", "debug")
            .run(LookupApp.class);
    assertEquals(78, result.exitStatus());
    assertTrue(result.stderr().contains("\tat io.secretsagent"), result::toString);
  }
}
