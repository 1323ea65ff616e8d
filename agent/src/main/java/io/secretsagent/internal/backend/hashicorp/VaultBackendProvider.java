package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;

/**
 * {@code SECRETS_BACKEND=hashicorp_vault}: HashiCorp Vault's KV secrets engine. A key's secret is
 * written {@code <path>[@<version>][#<field>]} (ADR-014); the field defaults to {@code value}.
 */
public final class VaultBackendProvider implements SecretsBackendProvider {

  @Override
  public String name() {
    return "hashicorp_vault";
  }

  @Override
  public SecretRef reference(String key, String spec) throws ConfigException {
    return VaultPath.reference(key, spec);
  }

  @Override
  public String defaultField() {
    return "value";
  }

  /** Vault's API is called over the JDK's {@code HttpClient} ({@code HttpTransport}). */
  @Override
  public boolean usesJdkHttpClient() {
    return true;
  }

  @Override
  public SecretsBackend create(BackendSettings settings) throws ConfigException {
    return new VaultBackend(VaultConfig.parse(settings));
  }
}
