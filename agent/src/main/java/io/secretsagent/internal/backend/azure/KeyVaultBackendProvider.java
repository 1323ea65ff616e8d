package io.secretsagent.internal.backend.azure;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.net.URI;
import java.util.List;

/**
 * {@code SECRETS_BACKEND=azure_keyvault} (alias {@code vault}): Azure Key Vault, authenticated
 * with {@code DefaultAzureCredential}. Secret references take Key Vault's form,
 * {@code name[/version]}.
 */
public final class KeyVaultBackendProvider implements SecretsBackendProvider {

  @Override
  public String name() {
    return "azure_keyvault";
  }

  @Override
  public List<String> aliases() {
    return List.of("vault");
  }

  @Override
  public SecretRef referenceIn(String value) throws ConfigException {
    return AppServiceReference.parse(value);
  }

  @Override
  public SecretsBackend create(BackendSettings settings) throws ConfigException {
    String url = get(settings, Setting.AZURE_KEYVAULT_URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException("the azure_keyvault backend needs " + Setting.AZURE_KEYVAULT_URL.describe()
          + ": the vault's URL, e.g. https://my-vault.vault.azure.net");
    }
    URI vault;
    try {
      vault = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      vault = null;
    }
    if (vault == null || !"https".equals(vault.getScheme()) || vault.getHost() == null
        || (vault.getPath() != null && !vault.getPath().isEmpty() && !vault.getPath().equals("/")) || vault.getQuery() != null) {
      throw new ConfigException(Setting.AZURE_KEYVAULT_URL.describe() + " is '" + url.trim()
          + "', which is not a vault URL; write https://<vault-name>.vault.azure.net");
    }
    return new KeyVaultBackend(vault, !isFalse(settings, Setting.AZURE_VERIFY_CHALLENGE_RESOURCE),
        !isFalse(settings, Setting.AZURE_INSTANCE_DISCOVERY), settings.startupTimeout());
  }

  private static boolean isFalse(BackendSettings settings, Setting setting) {
    String value = get(settings, setting);
    return value != null && value.trim().equalsIgnoreCase("false");
  }

  private static String get(BackendSettings settings, Setting setting) {
    return settings.get(setting.environmentName(), setting.propertyName());
  }
}
