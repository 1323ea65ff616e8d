package io.secretsagent.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.Fuzz;
import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.config.Settings;
import io.secretsagent.internal.config.TestSettings;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes what premain does with its configuration (agent arguments, system properties, environment:
 * every setting, the key-list syntax, durations, booleans) up to the point where it would start
 * fetching: the input is either accepted, and then usable by start-up and refresh, or refused with
 * configuration errors (status 78) that each name a setting or key and never contain a secret
 * value. Nothing else may be thrown, and nothing may hang.
 */
class ConfigurationFuzzTest {

  @TempDir static Path dir;
  static Path secretsFile;

  @BeforeAll
  static void quiet() throws Exception {
    Log.setLevel(Log.Level.ERROR); // the file backend warns on every start
    secretsFile = dir.resolve("secrets.json");
    Files.writeString(
        secretsFile,
        "{\"db-password\": \""
            + Fuzz.MARKER
            + "\", \"db\": {\"password\": \""
            + Fuzz.MARKER
            + "\"}}");
    Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterAll
  static void restore() {
    Log.setLevel(Log.Level.INFO);
  }

  @Test
  void everyConfigurationIsAcceptedAndUsableOrRefusedWithMessagesNamingTheSetting() {
    Fuzz.fromSeed(78L)
        .run(
            "configuration",
            Fuzz.cases(5_000),
            Duration.ofSeconds(5),
            fuzz -> {
              Map<String, String> env = new LinkedHashMap<>();
              Map<String, String> props = new LinkedHashMap<>();
              env.put(
                  "DB_PASSWORD",
                  Fuzz.MARKER); // the application's own secrets: never read, never quoted
              props.put("app.secret", Fuzz.MARKER);
              List<String> keyNames = new ArrayList<>();
              for (Setting s : Setting.values()) {
                if (fuzz.chance(0.5)) {
                  (fuzz.chance(0.8) ? env : props)
                      .put(
                          fuzz.chance(0.8) ? s.environmentName() : s.propertyName(),
                          value(fuzz, s, keyNames));
                }
              }
              String args = fuzz.chance(0.3) ? arguments(fuzz, keyNames) : null;
              String raw = args + props + env;
              String input =
                  "args="
                      + Fuzz.show(String.valueOf(args))
                      + " props="
                      + Fuzz.show(props.toString())
                      + " env="
                      + Fuzz.show(env.toString());
              List<String> problems = new ArrayList<>();
              try {
                Settings settings = TestSettings.of(args, props, env);
                AgentConfig config = AgentConfig.parse(settings, problems);
                Startup.prepare(config, problems);
                if (problems.isEmpty()) {
                  usable(config, input);
                }
              } catch (ConfigException e) {
                problems.add(e.getMessage());
              }
              for (String problem : problems) {
                assertFalse(problem == null || problem.isBlank(), "empty message for " + input);
                assertFalse(
                    problem.contains(Fuzz.MARKER),
                    "a secret value in '" + Fuzz.show(problem) + "' for " + input);
                assertTrue(
                    namesSettingOrKey(problem, raw),
                    "'" + Fuzz.show(problem) + "' names no setting or key, for " + input);
              }
            });
  }

  /** What start-up and refresh do with an accepted configuration must not throw. */
  private static void usable(AgentConfig config, String input) {
    try {
      config.startupTimeout().toNanos();
      RefreshPolicy policy =
          new RefreshPolicy(
              config.refreshInterval(), Duration.ofSeconds(1), new SplittableRandom(1));
      policy.next().toNanos();
      policy.afterFailure(64, Duration.ofSeconds(30), null, null).toNanos();
    } catch (ArithmeticException e) {
      throw new AssertionError("accepted, but start-up cannot use it (" + e + "): " + input, e);
    }
  }

  /**
   * A setting's name, or what it is about as its first word (a key, {@code KEY: ...}, or the file),
   * taken from the input.
   */
  private static boolean namesSettingOrKey(String problem, String input) {
    if (problem.contains("SECRETS_")
        || problem.contains("AZURE_KEYVAULT_URL")
        || problem.contains("agent argument")
        || problem.contains(secretsFile.toString())) {
      return true;
    }
    int colon = problem.indexOf(": ");
    if (colon > 0 && input.contains(problem.substring(0, colon))) {
      return true;
    }
    int space = problem.indexOf(' '); // the SECRETS_FILE path, as given
    return space > 0 && input.contains(problem.substring(0, space));
  }

  private static String value(Fuzz fuzz, Setting setting, List<String> keyNames) {
    String valid =
        switch (setting) {
          case BACKEND ->
              fuzz.pick(List.of("env", "file", "vault", "azure_keyvault", " Vault ", "FILE"));
          case KEYS, PROPERTIES -> keyList(fuzz, keyNames);
          case FILE ->
              fuzz.pick(
                  List.of(
                      secretsFile.toString(),
                      dir.toString(),
                      dir.resolve("missing.json").toString()));
          case AZURE_KEYVAULT_URL ->
              fuzz.pick(
                  List.of(
                      "https://my-vault.vault.azure.net",
                      "https://127.0.0.1:8443/",
                      "http://my-vault.vault.azure.net",
                      "https://my-vault.vault.azure.net/secrets?x=1"));
          case REFRESH_INTERVAL, STARTUP_TIMEOUT ->
              fuzz.pick(
                  List.of(
                      "30s",
                      "5m",
                      "0",
                      "1h",
                      "500ms",
                      "2d",
                      "10 s",
                      "999999999d",
                      "999999999h",
                      "999999999m",
                      "999999999s",
                      "106751d",
                      "106752d"));
          case HIKARI_BINDINGS -> "pool=" + (keyNames.isEmpty() ? "X" : fuzz.pick(keyNames));
          case LOG_LEVEL -> fuzz.pick(List.of("off", "error", "warn", "info", "debug", "DEBUG"));
          case STARTUP -> fuzz.pick(List.of("blocking", "concurrent"));
          default -> fuzz.pick(List.of("true", "false", "TRUE", " false "));
        };
    return fuzz.chance(0.4) ? fuzz.mutate(valid) : fuzz.chance(0.1) ? fuzz.fragment() : valid;
  }

  private static String keyList(Fuzz fuzz, List<String> keyNames) {
    List<String> entries = new ArrayList<>();
    for (int i = fuzz.nextInt(6); i >= 0; i--) {
      String name =
          fuzz.pick(
              List.of(
                  "DB_PASSWORD", "jwt_secret_key", "spring.datasource.password", "API_KEY", "A"));
      name = fuzz.chance(0.2) ? fuzz.mutate(name) : name;
      keyNames.add(name);
      String entry = name;
      if (fuzz.chance(0.6)) {
        entry +=
            "="
                + fuzz.pick(
                    List.of("db-password", "db", "jwt-key", "db_password", "x".repeat(128)));
        if (fuzz.chance(0.3)) {
          entry += "/" + fuzz.pick(List.of("3f4b2c1e", "", "v1/v2", "latest"));
        }
        if (fuzz.chance(0.3)) {
          entry += "#" + fuzz.pick(List.of("password", "", "a#b", "user name"));
        }
      }
      entries.add(fuzz.chance(0.2) ? fuzz.mutate(entry) : entry);
    }
    return String.join(fuzz.chance(0.9) ? "," : ", ", entries);
  }

  private static String arguments(Fuzz fuzz, List<String> keyNames) {
    List<String> pairs = new ArrayList<>();
    for (int i = fuzz.nextInt(4); i >= 0; i--) {
      Setting s = fuzz.pick(List.of(Setting.values()));
      String name = fuzz.chance(0.1) ? fuzz.fragment() : s.argumentName();
      pairs.add(name + "=" + value(fuzz, s, keyNames));
    }
    String args = String.join(";", pairs);
    return fuzz.chance(0.2) ? fuzz.mutate(args) : args;
  }
}
