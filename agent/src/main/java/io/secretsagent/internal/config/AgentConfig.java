package io.secretsagent.internal.config;

import io.secretsagent.internal.runtime.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, parsed and validated once at start-up. Every problem is collected, so that
 * one message names them all.
 *
 * @param backend the {@code SECRETS_BACKEND} value, lower-cased
 * @param keys managed environment variables, then managed system properties
 * @param refreshInterval zero when refresh is off
 */
public record AgentConfig(
    Settings settings,
    String backend,
    List<KeySpec> keys,
    Duration refreshInterval,
    Duration startupTimeout,
    boolean failFast,
    Log.Level logLevel,
    boolean concurrentStartup,
    boolean hikari) {

  private static final Duration LONGEST = Duration.ofDays(365);
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  /**
   * Parses every setting; each malformed one adds a message to {@code problems}, so that all are
   * reported at once (the returned config then holds defaults in their place).
   */
  public static AgentConfig parse(Settings settings, List<String> problems) {
    String backend = settings.value(Setting.BACKEND).toLowerCase(Locale.ROOT);
    List<KeySpec> keys =
        new ArrayList<>(
            KeySpec.parseList(KeySpec.Kind.ENVIRONMENT, settings.get(Setting.KEYS), problems));
    keys.addAll(
        KeySpec.parseList(KeySpec.Kind.PROPERTY, settings.get(Setting.PROPERTIES), problems));
    Duration refresh = duration(settings, Setting.REFRESH_INTERVAL, problems);
    Duration timeout = duration(settings, Setting.STARTUP_TIMEOUT, problems);
    if (timeout.isZero()) {
      problems.add(Setting.STARTUP_TIMEOUT.describe() + " must be greater than 0, e.g. 10s");
    }
    boolean failFast = bool(settings, Setting.FAIL_FAST, problems);
    boolean hikari = bool(settings, Setting.HIKARI, problems);
    Log.Level level =
        Log.Level.valueOf(choice(settings, Setting.LOG_LEVEL, problems).toUpperCase(Locale.ROOT));
    boolean concurrent = choice(settings, Setting.STARTUP, problems).equals("concurrent");
    settings.startupTimeout(timeout);
    return new AgentConfig(
        settings, backend, keys, refresh, timeout, failFast, level, concurrent, hikari);
  }

  /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms}, {@code 2d}, or {@code 0}. */
  static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static Duration duration(Settings settings, Setting setting, List<String> problems) {
    String value = settings.value(setting);
    Duration d = parseDuration(value);
    if (d == null) {
      problems.add(
          setting.describe()
              + " is '"
              + value
              + "'; write a duration such as 30s, 5m or 1h (0 turns it off)");
      return parseDuration(setting.defaultValue());
    }
    if (d.compareTo(LONGEST) > 0) {
      // beyond about 292 years a duration no longer fits the nanosecond timers that use it
      problems.add(
          setting.describe() + " is '" + value + "', longer than a year; write at most 365d");
      return parseDuration(setting.defaultValue());
    }
    return d;
  }

  private static boolean bool(Settings settings, Setting setting, List<String> problems) {
    return Boolean.parseBoolean(choice(settings, setting, problems));
  }

  /**
   * A {@link Setting.Type#CHOICE} or {@link Setting.Type#BOOLEAN} setting's value, lower-cased; its
   * default, after adding a problem, when it is none of the choices.
   */
  static String choice(Settings settings, Setting setting, List<String> problems) {
    String value = settings.value(setting);
    String v = value.toLowerCase(Locale.ROOT);
    if (setting.choices().contains(v)) {
      return v;
    }
    problems.add(setting.describe() + " is '" + value + "'; write " + setting.choicesText());
    return setting.defaultValue();
  }

  /** Whether secrets are refreshed at all ({@code SECRETS_REFRESH_INTERVAL=0} turns it off). */
  public boolean refreshEnabled() {
    return !refreshInterval.isZero();
  }
}
