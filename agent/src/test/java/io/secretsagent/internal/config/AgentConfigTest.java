package io.secretsagent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private static Settings settings(
      Map<String, String> args, Map<String, String> props, Map<String, String> env) {
    return new Settings(args, props::get, env::get);
  }

  private static AgentConfig parse(Map<String, String> env, List<String> problems) {
    return AgentConfig.parse(settings(Map.of(), Map.of(), env), problems);
  }

  @Test
  void defaults() {
    List<String> problems = new ArrayList<>();
    AgentConfig config = parse(Map.of(), problems);
    assertEquals(List.of(), problems);
    assertEquals("env", config.backend());
    assertEquals(Duration.ofMinutes(5), config.refreshInterval());
    assertEquals(Duration.ofSeconds(10), config.startupTimeout());
    assertTrue(config.failFast());
    assertTrue(config.hikari());
    assertFalse(config.concurrentStartup());
    assertEquals(Log.Level.INFO, config.logLevel());
  }

  @Test
  void precedenceIsArgumentThenPropertyThenEnvironment() {
    Settings s =
        settings(
            Map.of("backend", "file"),
            Map.of("secrets.backend", "x", "secrets.keys", "P"),
            Map.of("SECRETS_BACKEND", "y", "SECRETS_KEYS", "E", "SECRETS_FILE", "f"));
    assertEquals("file", s.get(Setting.BACKEND));
    assertEquals("P", s.get(Setting.KEYS));
    assertEquals("f", s.get(Setting.FILE));
    assertNull(s.get(Setting.PROPERTIES));
  }

  @Test
  void agentArgumentsAreSemicolonSeparatedAndValidated() throws ConfigException {
    assertEquals(
        Map.of("backend", "file", "keys", "A=a#x,B=b/v1"),
        Settings.parseArguments(" backend=file ;; keys=A=a#x,B=b/v1;"));
    assertEquals(Map.of(), Settings.parseArguments(null));
    ConfigException e =
        assertThrows(ConfigException.class, () -> Settings.parseArguments("backend=file;refresh"));
    assertTrue(e.getMessage().contains("'refresh' is not a known"), e.getMessage());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(30), AgentConfig.parseDuration("30s"));
    assertEquals(Duration.ofMinutes(5), AgentConfig.parseDuration(" 5m "));
    assertEquals(Duration.ofHours(1), AgentConfig.parseDuration("1H"));
    assertEquals(Duration.ofMillis(250), AgentConfig.parseDuration("250ms"));
    assertEquals(Duration.ofDays(2), AgentConfig.parseDuration("2d"));
    assertEquals(Duration.ZERO, AgentConfig.parseDuration("0"));
    for (String bad : List.of("", "5", "-5s", "5 minutes", "1.5h", "9999999999s", "s")) {
      assertNull(AgentConfig.parseDuration(bad), bad);
    }
  }

  /**
   * Found by ConfigurationFuzzTest: 106752d was accepted, and start-up failed converting it to
   * nanoseconds.
   */
  @Test
  void durationsLongerThanAYearAreRefusedNamingTheSetting() {
    List<String> problems = new ArrayList<>();
    AgentConfig config =
        parse(
            Map.of("SECRETS_STARTUP_TIMEOUT", "106752d", "SECRETS_REFRESH_INTERVAL", "366d"),
            problems);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "SECRETS_REFRESH_INTERVAL (secrets.refresh.interval) is '366d', longer than a year"),
        problems.get(0));
    assertTrue(problems.get(1).contains("SECRETS_STARTUP_TIMEOUT"), problems.get(1));
    assertEquals(Duration.ofSeconds(10), config.startupTimeout());
    assertEquals(List.of(), parseProblems("365d"));
  }

  private static List<String> parseProblems(String interval) {
    List<String> problems = new ArrayList<>();
    parse(Map.of("SECRETS_REFRESH_INTERVAL", interval), problems);
    return problems;
  }

  @Test
  void everyProblemIsCollected() {
    List<String> problems = new ArrayList<>();
    parse(
        Map.of(
            "SECRETS_REFRESH_INTERVAL",
            "soon",
            "SECRETS_STARTUP_TIMEOUT",
            "0",
            "SECRETS_FAIL_FAST",
            "yes",
            "SECRETS_LOG_LEVEL",
            "trace",
            "SECRETS_STARTUP",
            "lazy",
            "SECRETS_HIKARI",
            "no",
            "SECRETS_KEYS",
            "A,A"),
        problems);
    assertEquals(7, problems.size(), problems.toString());
  }

  @Test
  void keyListSyntax() {
    List<String> problems = new ArrayList<>();
    List<KeySpec> specs =
        KeySpec.parseList(
            KeySpec.Kind.ENVIRONMENT,
            "DB_PASSWORD, JWT=jwt-key , CREDS_USER=db-creds#username,PINNED=name/0123abcd, , WEIRD=a#b#c",
            problems);
    assertEquals(List.of(), problems);
    assertEquals(
        List.of(
            new KeySpec(KeySpec.Kind.ENVIRONMENT, "DB_PASSWORD", null, null),
            new KeySpec(KeySpec.Kind.ENVIRONMENT, "JWT", "jwt-key", null),
            new KeySpec(KeySpec.Kind.ENVIRONMENT, "CREDS_USER", "db-creds", "username"),
            new KeySpec(KeySpec.Kind.ENVIRONMENT, "PINNED", "name/0123abcd", null),
            new KeySpec(KeySpec.Kind.ENVIRONMENT, "WEIRD", "a#b", "c")),
        specs);
  }

  @Test
  void malformedKeysAreNamed() {
    List<String> problems = new ArrayList<>();
    KeySpec.parseList(KeySpec.Kind.PROPERTY, "=x,A=,B=#f,C=c#,D E,F/G", problems);
    assertEquals(6, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).contains("'=x' in SECRETS_PROPERTIES (secrets.properties)"),
        problems.get(0));
    assertTrue(problems.get(1).startsWith("A: "), problems.get(1));
  }
}
