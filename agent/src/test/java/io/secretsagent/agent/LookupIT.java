package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Secrets are served through every lookup an application makes, and appear nowhere else. */
class LookupIT {

  static final String DB_PASSWORD = "pw-7c1e9a-not-in-env";
  static final String JWT = "jwt-55aa01-signing-key";

  @TempDir Path dir;

  private AgentJvm agentWithSecrets(Jdk jdk) {
    SecretsFile file =
        new SecretsFile(
            dir,
            """
        {"db-password": "%s", "jwt-secret-key": "%s", "pool-size": "12",
         "db-creds": {"username": "app_user", "password": "%s"}}
        """
                .formatted(DB_PASSWORD, JWT, DB_PASSWORD));
    return AgentJvm.on(jdk)
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD, DB_USERNAME=db-creds#username, HOME=jwt-secret-key")
        .env("SECRETS_PROPERTIES", "jwt_secret_key,pool.size=pool-size");
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void servesEveryLookupForm(Jdk jdk) {
    AgentJvm.Result result =
        agentWithSecrets(jdk)
            .run(
                LookupApp.class,
                "env",
                "DB_PASSWORD",
                "env",
                "DB_USERNAME",
                "env",
                "HOME",
                "env",
                "PATH",
                "env",
                "NOT_MANAGED",
                "prop",
                "jwt_secret_key",
                "prop-default",
                "jwt_secret_key",
                "prop-default",
                "unmanaged",
                "prop",
                "java.version",
                "integer",
                "pool.size",
                "map-get",
                "DB_PASSWORD",
                "map-contains",
                "DB_USERNAME",
                "map-consistent");
    assertEquals(0, result.exitStatus(), result::toString);
    Map<String, String> seen = result.lookups();
    assertEquals(DB_PASSWORD, seen.get("env:DB_PASSWORD"));
    assertEquals("app_user", seen.get("env:DB_USERNAME"));
    assertEquals(
        JWT, seen.get("env:HOME"), "a managed key hides the real variable of the same name");
    assertEquals(System.getenv("PATH"), seen.get("env:PATH"), "unmanaged variables are the JDK's");
    assertEquals("null", seen.get("env:NOT_MANAGED"));
    assertEquals(JWT, seen.get("prop:jwt_secret_key"));
    assertEquals(JWT, seen.get("prop-default:jwt_secret_key"));
    assertEquals("the-default", seen.get("prop-default:unmanaged"));
    assertTrue(
        seen.get("prop:java.version").startsWith(jdk == Jdk.JDK25 ? "25" : "17"), seen::toString);
    assertEquals("12", seen.get("integer:pool.size"), "Integer.getInteger follows getProperty");
    assertEquals(DB_PASSWORD, seen.get("map-get:DB_PASSWORD"));
    assertEquals("true", seen.get("map-contains:DB_USERNAME"));
    assertEquals("ok", seen.get("map-consistent:"));
  }

  @Test
  void secretsAreNeitherInTheProcessEnvironmentNorInSystemProperties() {
    AgentJvm.Result result =
        agentWithSecrets(Jdk.CURRENT)
            .run(
                LookupApp.class,
                "env",
                "DB_PASSWORD",
                "environ-contains",
                "DB_PASSWORD",
                "environ-contains",
                "HOME",
                "properties-contain",
                "HOME",
                "properties-contain",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    Map<String, String> seen = result.lookups();
    assertEquals(
        DB_PASSWORD, seen.get("env:DB_PASSWORD"), "served, so the checks below are meaningful");
    assertEquals("false", seen.get("environ-contains:DB_PASSWORD"));
    assertEquals("false", seen.get("environ-contains:HOME"));
    assertEquals("false", seen.get("properties-contain:HOME"));
    assertEquals("false", seen.get("properties-contain:DB_PASSWORD"));
    assertFalse(
        result.stderr().contains(DB_PASSWORD) || result.stderr().contains(JWT), result::toString);
  }

  @Test
  void jmxShowsKeysSecretsAndCountersNeverValues() {
    AgentJvm.Result result =
        agentWithSecrets(Jdk.CURRENT)
            .env("SECRETS_REFRESH_INTERVAL", "200ms")
            .run(LookupApp.class, "mbean", "Keys", "mbean", "Backend");
    assertEquals(0, result.exitStatus(), result::toString);
    String keys = result.lookups().get("mbean:Keys");
    assertTrue(
        keys.contains("DB_PASSWORD -> secret 'db-password': version null, served true"), keys);
    assertTrue(keys.contains("DB_USERNAME -> secret 'db-creds#username'"), keys);
    assertTrue(keys.contains("failed refreshes 0, rotations 0"), keys);
    assertFalse(
        keys.contains(DB_PASSWORD) || keys.contains(JWT) || keys.contains("app_user"), keys);
    assertTrue(result.lookups().get("mbean:Backend").startsWith("file "), result::toString);
  }

  @Test
  void agentArgumentBeatsSystemPropertyBeatsEnvironment() {
    SecretsFile file =
        new SecretsFile(dir, "{\"from-arg\": \"A\", \"from-prop\": \"P\", \"from-env\": \"E\"}");
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_FILE", file.path().toString())
            .env("SECRETS_KEYS", "ONE=from-env,TWO=from-env,THREE=from-env")
            .jvmArg("-Dsecrets.keys=ONE=from-prop,TWO=from-prop")
            .agentArgs("keys=ONE=from-arg")
            .run(LookupApp.class, "env", "ONE", "env", "TWO", "env", "THREE");
    assertEquals(0, result.exitStatus(), result::toString);
    // The key list is one setting: the agent argument replaces the property's and the environment's
    // list.
    assertEquals(Map.of("env:ONE", "A", "env:TWO", "null", "env:THREE", "null"), result.lookups());
  }
}
