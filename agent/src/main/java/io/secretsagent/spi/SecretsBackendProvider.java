package io.secretsagent.spi;

import java.util.List;

/**
 * Creates a {@link SecretsBackend}; found with {@link java.util.ServiceLoader} and selected by
 * {@code SECRETS_BACKEND}. Providers are instantiated cheaply: heavy work belongs in {@link
 * #create}.
 */
public interface SecretsBackendProvider {

  /** The {@code SECRETS_BACKEND} value that selects this backend, e.g. {@code azure_keyvault}. */
  String name();

  /** Other accepted values, e.g. {@code vault}. */
  default List<String> aliases() {
    return List.of();
  }

  /**
   * Parses the right-hand side of a managed key, {@code NAME=<spec>}, without its {@code #field}
   * part. The default is Key Vault's form, {@code name[/version]}, with the name translated from
   * {@code key} when {@code spec} is null.
   *
   * @param key the managed environment variable or system property
   * @param spec the secret as written by the user, or null when only {@code NAME} was given
   * @throws ConfigException naming the key and what a valid form looks like
   */
  default SecretRef reference(String key, String spec) throws ConfigException {
    return SecretRef.keyVaultStyle(key, spec);
  }

  /**
   * The field selected when a key names none ({@code NAME=<spec>} without {@code #field}), for
   * backends whose secrets are always objects of fields, such as HashiCorp Vault's KV engine.
   *
   * @return the field name, or null (the default) to serve the whole value
   */
  default String defaultField() {
    return null;
  }

  /**
   * Recognises a value that is itself a reference to a secret, such as App Service's
   * {@code @Microsoft.KeyVault(...)}: an environment variable or system property holding one is
   * managed without being listed.
   *
   * @return the secret it names, or null when the value is no such reference
   * @throws ConfigException when the value looks like a reference but is malformed
   */
  default SecretRef referenceIn(String value) throws ConfigException {
    return null;
  }

  /**
   * Whether the backend talks over the JDK's {@code java.net.http.HttpClient}: start-up then
   * prepares the agent's HTTP client lifecycle (one shutdown hook that closes the clients, and on
   * JDK 17-20 access to the client's internals to stop its selector thread). A capability, never
   * inferred from the backend's name.
   */
  default boolean usesJdkHttpClient() {
    return false;
  }

  /**
   * Creates the backend from its settings. Must not contact the backend: that is {@link
   * SecretsBackend#probe()}'s job, run within the start-up budget.
   *
   * @throws ConfigException when a setting is missing or malformed
   */
  SecretsBackend create(BackendSettings settings) throws ConfigException;
}
