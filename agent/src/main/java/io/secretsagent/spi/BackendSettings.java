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

  /**
   * A declared setting's value, trimmed; its {@linkplain Key#defaultValue() default} when it is
   * given in none of the three forms or blank.
   */
  default String value(Key key) {
    String value = get(key.environmentName(), key.propertyName());
    return value == null || value.isBlank() ? key.defaultValue() : value.trim();
  }

  /** The start-up budget, which bounds every request made before the application starts. */
  java.time.Duration startupTimeout();

  /**
   * A setting as its owner declares it: its names, its default, and how messages name it. The
   * agent's own settings, the bundled backends' included, are the constants of one enum; a
   * third-party backend may declare its own the same way.
   */
  interface Key {

    /** The environment variable, e.g. {@code SECRETS_VAULT_AUTH} or {@code VAULT_ADDR}. */
    String environmentName();

    /** The system property, {@code secrets.} followed by the agent argument's name. */
    String propertyName();

    /** The value used when the setting is not given, or null when there is none. */
    default String defaultValue() {
      return null;
    }

    /**
     * How every message names the setting: {@code SECRETS_KEYS (secrets.keys)}, the environment
     * variable and the system property.
     */
    default String describe() {
      return environmentName() + " (" + propertyName() + ")";
    }
  }
}
