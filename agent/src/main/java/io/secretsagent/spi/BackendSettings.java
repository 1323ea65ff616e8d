package io.secretsagent.spi;

/**
 * The agent's configuration as a backend sees it: every setting is looked up as agent argument,
 * then system property, then environment variable.
 */
public interface BackendSettings {

  /**
   * One setting.
   *
   * @param environmentName e.g. {@code AZURE_KEYVAULT_URL}
   * @param propertyName e.g. {@code secrets.azure.keyvault.url}; the agent argument is this name
   *     without its {@code secrets.} prefix
   * @return the value, or null when the setting is given in none of the three forms
   */
  String get(String environmentName, String propertyName);

  /** The start-up budget, which bounds every request made before the application starts. */
  java.time.Duration startupTimeout();
}
