package io.secretsagent.internal.backend.azure;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.net.URI;
import java.security.Security;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SECRETS_BACKEND=azure_keyvault} (alias {@code vault}): Azure Key Vault, authenticated with
 * {@code DefaultAzureCredential}. Secret references take Key Vault's form, {@code name[/version]}.
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
    List<String> missing = missingModules();
    if (!missing.isEmpty()) {
      String modules = String.join(",", missing);
      throw new ConfigException(
          "the azure_keyvault backend needs the Java module(s) "
              + modules
              + ", which this Java runtime ("
              + System.getProperty("java.home")
              + ") lacks; add them to the image"
              + " (jlink --add-modules "
              + modules
              + ") or run on a full JDK or JRE");
    }
    String url = get(settings, Setting.AZURE_KEYVAULT_URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "the azure_keyvault backend needs "
              + Setting.AZURE_KEYVAULT_URL.describe()
              + ": the vault's URL, e.g. https://my-vault.vault.azure.net");
    }
    URI vault;
    try {
      vault = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      vault = null;
    }
    if (vault == null
        || !"https".equals(vault.getScheme())
        || vault.getHost() == null
        || (vault.getPath() != null && !vault.getPath().isEmpty() && !vault.getPath().equals("/"))
        || vault.getQuery() != null) {
      throw new ConfigException(
          Setting.AZURE_KEYVAULT_URL.describe()
              + " is '"
              + url.trim()
              + "', which is not a vault URL; write https://<vault-name>.vault.azure.net");
    }
    return new KeyVaultBackend(
        vault,
        !isFalse(settings, Setting.AZURE_VERIFY_CHALLENGE_RESOURCE),
        !isFalse(settings, Setting.AZURE_INSTANCE_DISCOVERY),
        settings.startupTimeout(),
        HttpsProxy.fromProcess(),
        Clock.systemUTC());
  }

  /** The Azure SDK runs on the JDK's {@code HttpClient} (azure-core-http-jdk-httpclient). */
  @Override
  public boolean usesJdkHttpClient() {
    return true;
  }

  /**
   * What the Azure SDK needs beyond {@code java.base}: its HTTP client, its XML support (loaded
   * even for JSON services) and, on JDK 17-21, the elliptic-curve provider that TLS to Key Vault
   * negotiates with. A jlink image may leave them out.
   */
  static List<String> missingModules() {
    List<String> missing = new ArrayList<>();
    for (String module : new String[] {"java.net.http", "java.xml"}) {
      if (ModuleLayer.boot().findModule(module).isEmpty()) {
        missing.add(module);
      }
    }
    if (Security.getProviders("KeyFactory.EC") == null) {
      missing.add("jdk.crypto.ec");
    }
    return missing;
  }

  private static boolean isFalse(BackendSettings settings, Setting setting) {
    String value = get(settings, setting);
    return value != null && value.trim().equalsIgnoreCase("false");
  }

  private static String get(BackendSettings settings, Setting setting) {
    return settings.value(setting);
  }
}
