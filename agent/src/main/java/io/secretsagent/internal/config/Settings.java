package io.secretsagent.internal.config;

import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks settings up in precedence order: agent argument, system property, environment variable.
 * Read once at start-up, before {@code System} is patched.
 */
public final class Settings implements BackendSettings {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Map<String, String> arguments;
  private final UnaryOperator<String> properties;
  private final UnaryOperator<String> environment;
  private Duration startupTimeout = Duration.ofSeconds(10);

  Settings(
      Map<String, String> arguments,
      UnaryOperator<String> properties,
      UnaryOperator<String> environment) {
    this.arguments = arguments;
    this.properties = properties;
    this.environment = environment;
  }

  /** The JVM's own sources, with {@code agentArgs} as given after {@code -javaagent:jar=}. */
  public static Settings fromJvm(String agentArgs) throws ConfigException {
    return new Settings(parseArguments(agentArgs), System::getProperty, System::getenv);
  }

  /**
   * {@code name=value} pairs separated by {@code ;}. Values may contain {@code =} and {@code ,}.
   *
   * @throws ConfigException naming every pair without {@code =}, with an unknown name (and the
   *     nearest valid name) or with an empty value; never quoting a value
   */
  static Map<String, String> parseArguments(String agentArgs) throws ConfigException {
    Map<String, String> result = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return result;
    }
    List<String> problems = new ArrayList<>();
    String[] pairs = agentArgs.split(";");
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? null : pair.substring(0, eq).trim();
      String value = eq < 0 ? null : pair.substring(eq + 1).trim();
      if (name != null && Setting.argumentNames().contains(name) && !value.isEmpty()) {
        result.put(name, value);
      } else if (name != null && Setting.argumentNames().contains(name)) {
        // often a template whose variable was unset (backend=${BACKEND}): never a silent default
        problems.add(
            "agent argument '"
                + name
                + "' has an empty value; give it a value, or leave the argument out");
      } else if (name == null && Setting.argumentNames().contains(pair.trim())) {
        problems.add(
            "agent argument '" + pair.trim() + "' needs a value: write " + pair.trim() + "=value");
      } else {
        problems.add(unknownArgument(name == null ? pair.trim() : name, eq >= 0, i + 1));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          String.join("\n  ", problems)
              + "; write -javaagent:secrets-agent.jar=name=value;name=value with names from: "
              + String.join(", ", Setting.argumentNames()));
    }
    return result;
  }

  /**
   * Without {@code =} the pair may be a value on its own (a token pasted in the wrong place): it is
   * quoted only as far as it looks like a setting's name.
   */
  private static String unknownArgument(String name, boolean hasValue, int position) {
    Setting nearest = NearestSetting.find(name, Setting::argumentName);
    String shown;
    if (hasValue) {
      shown = "'" + name + "'";
    } else if (nearest != null) {
      Matcher word = NAME.matcher(name);
      String w = word.lookingAt() ? word.group() : "";
      String known = nearest.argumentName();
      if (w.length() > known.length() && w.toLowerCase(Locale.ROOT).startsWith(known)) {
        w = w.substring(0, known.length()); // what follows may be a value
      }
      shown = "'" + w + (w.length() < name.length() ? "...'" : "'");
    } else {
      shown = "number " + position;
    }
    if (hasValue
        && name.startsWith("secrets.")
        && Setting.argumentNames().contains(name.substring(8))) {
      return "agent argument "
          + shown
          + " is not a known name=value setting; agent arguments have no 'secrets.' prefix: write '"
          + name.substring(8)
          + "'";
    }
    return "agent argument "
        + shown
        + " is not a known name=value setting"
        + (hasValue ? "" : " (it has no '=')")
        + (nearest == null ? "" : "; did you mean '" + nearest.argumentName() + "'?");
  }

  /** The value, or null. */
  public String get(Setting setting) {
    return get(setting.environmentName(), setting.propertyName());
  }

  @Override
  public String get(String environmentName, String propertyName) {
    String argument = Setting.argumentName(propertyName);
    String value = argument == null ? null : arguments.get(argument);
    if (value == null) {
      value = properties.apply(propertyName);
    }
    if (value == null) {
      value = environment.apply(environmentName);
    }
    return value;
  }

  @Override
  public Duration startupTimeout() {
    return startupTimeout;
  }

  void startupTimeout(Duration timeout) {
    this.startupTimeout = timeout;
  }
}
