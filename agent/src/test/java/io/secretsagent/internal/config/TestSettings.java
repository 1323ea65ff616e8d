package io.secretsagent.internal.config;

import io.secretsagent.spi.ConfigException;
import java.util.Map;

/** Settings from given sources, for tests outside this package. */
public final class TestSettings {

  private TestSettings() {}

  /**
   * As {@link Settings#fromJvm}, with {@code properties} and {@code environment} in place of the
   * JVM's.
   */
  public static Settings of(
      String agentArgs, Map<String, String> properties, Map<String, String> environment)
      throws ConfigException {
    return new Settings(Settings.parseArguments(agentArgs), properties::get, environment::get);
  }
}
