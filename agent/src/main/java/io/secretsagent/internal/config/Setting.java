package io.secretsagent.internal.config;

import io.secretsagent.spi.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting, by its three names: environment variable, system property, agent argument (the
 * property without {@code secrets.}). The README's configuration table lists the same.
 */
public enum Setting {
  BACKEND("SECRETS_BACKEND", "secrets.backend"),
  KEYS("SECRETS_KEYS", "secrets.keys"),
  PROPERTIES("SECRETS_PROPERTIES", "secrets.properties"),
  FILE("SECRETS_FILE", "secrets.file"),
  FILE_ALLOW_OPEN_PERMISSIONS(
      "SECRETS_FILE_ALLOW_OPEN_PERMISSIONS", "secrets.file.allow.open.permissions"),
  AZURE_KEYVAULT_URL("AZURE_KEYVAULT_URL", "secrets.azure.keyvault.url"),
  AZURE_INSTANCE_DISCOVERY("SECRETS_AZURE_INSTANCE_DISCOVERY", "secrets.azure.instance.discovery"),
  AZURE_VERIFY_CHALLENGE_RESOURCE(
      "SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE", "secrets.azure.verify.challenge.resource"),
  VAULT_ADDR("VAULT_ADDR", "secrets.vault.addr"),
  VAULT_NAMESPACE("VAULT_NAMESPACE", "secrets.vault.namespace"),
  VAULT_CACERT("VAULT_CACERT", "secrets.vault.cacert"),
  VAULT_TOKEN("VAULT_TOKEN", "secrets.vault.token"),
  VAULT_TOKEN_FILE("SECRETS_VAULT_TOKEN_FILE", "secrets.vault.token.file"),
  VAULT_KV_MOUNT("SECRETS_VAULT_KV_MOUNT", "secrets.vault.kv.mount"),
  VAULT_KV_VERSION("SECRETS_VAULT_KV_VERSION", "secrets.vault.kv.version"),
  VAULT_PATH_PREFIX("SECRETS_VAULT_PATH_PREFIX", "secrets.vault.path.prefix"),
  VAULT_AUTH("SECRETS_VAULT_AUTH", "secrets.vault.auth"),
  VAULT_KUBERNETES_ROLE("SECRETS_VAULT_KUBERNETES_ROLE", "secrets.vault.kubernetes.role"),
  VAULT_KUBERNETES_JWT_FILE(
      "SECRETS_VAULT_KUBERNETES_JWT_FILE", "secrets.vault.kubernetes.jwt.file"),
  VAULT_KUBERNETES_MOUNT("SECRETS_VAULT_KUBERNETES_MOUNT", "secrets.vault.kubernetes.mount"),
  VAULT_APPROLE_ROLE_ID("SECRETS_VAULT_APPROLE_ROLE_ID", "secrets.vault.approle.role.id"),
  VAULT_APPROLE_SECRET_ID_FILE(
      "SECRETS_VAULT_APPROLE_SECRET_ID_FILE", "secrets.vault.approle.secret.id.file"),
  VAULT_APPROLE_MOUNT("SECRETS_VAULT_APPROLE_MOUNT", "secrets.vault.approle.mount"),
  REFRESH_INTERVAL("SECRETS_REFRESH_INTERVAL", "secrets.refresh.interval"),
  STARTUP_TIMEOUT("SECRETS_STARTUP_TIMEOUT", "secrets.startup.timeout"),
  STARTUP("SECRETS_STARTUP", "secrets.startup"),
  FAIL_FAST("SECRETS_FAIL_FAST", "secrets.fail.fast"),
  LOG_LEVEL("SECRETS_LOG_LEVEL", "secrets.log.level"),
  HIKARI("SECRETS_HIKARI", "secrets.hikari"),
  HIKARI_BINDINGS("SECRETS_HIKARI_BINDINGS", "secrets.hikari.bindings"),
  TERMINATION_LOG("SECRETS_TERMINATION_LOG", "secrets.termination.log");

  private final String environmentName;
  private final String propertyName;

  Setting(String environmentName, String propertyName) {
    this.environmentName = environmentName;
    this.propertyName = propertyName;
  }

  public String environmentName() {
    return environmentName;
  }

  public String propertyName() {
    return propertyName;
  }

  public String argumentName() {
    return argumentName(propertyName);
  }

  static String argumentName(String propertyName) {
    return propertyName.substring("secrets.".length());
  }

  /** For messages: {@code SECRETS_KEYS (secrets.keys)}. */
  public String describe() {
    return environmentName + " (" + propertyName + ")";
  }

  /**
   * This setting's value as a file path.
   *
   * @param pointAt what the path should name, for the message
   * @throws ConfigException naming this setting when the file system cannot represent the path
   */
  public Path path(String value, String pointAt) throws ConfigException {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          describe() + " is not a valid path (" + e.getReason() + "); point it at " + pointAt);
    }
  }

  static List<String> argumentNames() {
    List<String> names = new ArrayList<>();
    for (Setting s : values()) {
      names.add(s.argumentName());
    }
    return names;
  }
}
