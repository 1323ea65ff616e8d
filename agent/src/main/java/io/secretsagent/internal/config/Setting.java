package io.secretsagent.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every setting, by its three names: environment variable, system property, agent argument
 * (the property without {@code secrets.}). The README's configuration table lists the same.
 */
public enum Setting {
  BACKEND("SECRETS_BACKEND", "secrets.backend"),
  KEYS("SECRETS_KEYS", "secrets.keys"),
  PROPERTIES("SECRETS_PROPERTIES", "secrets.properties"),
  FILE("SECRETS_FILE", "secrets.file"),
  FILE_ALLOW_OPEN_PERMISSIONS("SECRETS_FILE_ALLOW_OPEN_PERMISSIONS", "secrets.file.allow.open.permissions"),
  AZURE_KEYVAULT_URL("AZURE_KEYVAULT_URL", "secrets.azure.keyvault.url"),
  AZURE_INSTANCE_DISCOVERY("SECRETS_AZURE_INSTANCE_DISCOVERY", "secrets.azure.instance.discovery"),
  AZURE_VERIFY_CHALLENGE_RESOURCE("SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE", "secrets.azure.verify.challenge.resource"),
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

  static List<String> argumentNames() {
    List<String> names = new ArrayList<>();
    for (Setting s : values()) {
      names.add(s.argumentName());
    }
    return names;
  }
}
