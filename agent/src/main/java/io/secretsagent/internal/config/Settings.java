package io.secretsagent.internal.config;

import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Looks settings up in precedence order: agent argument, system property, environment variable.
 * Read once at start-up, before {@code System} is patched.
 */
public final class Settings implements BackendSettings {

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
   * @throws ConfigException for a pair without {@code =} or an unknown name
   */
  static Map<String, String> parseArguments(String agentArgs) throws ConfigException {
    Map<String, String> result = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return result;
    }
    for (String pair : agentArgs.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
      if (eq < 0 || !Setting.argumentNames().contains(name)) {
        throw new ConfigException(
            "agent argument '"
                + name
                + "' is not a known name=value setting;"
                + " write -javaagent:secrets-agent.jar=name=value;name=value with names from: "
                + String.join(", ", Setting.argumentNames()));
      }
      result.put(name, pair.substring(eq + 1).trim());
    }
    return result;
  }

  /** The value, or null. */
  public String get(Setting setting) {
    return get(setting.environmentName(), setting.propertyName());
  }

  @Override
  public String get(String environmentName, String propertyName) {
    String value = arguments.get(Setting.argumentName(propertyName));
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
