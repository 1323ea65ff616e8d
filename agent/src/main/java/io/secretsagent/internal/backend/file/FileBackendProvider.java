package io.secretsagent.internal.backend.file;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.nio.file.Path;

/** {@code SECRETS_BACKEND=file}: a JSON file, for local development only. */
public final class FileBackendProvider implements SecretsBackendProvider {

  @Override
  public String name() {
    return "file";
  }

  @Override
  public SecretRef reference(String key, String spec) throws ConfigException {
    SecretRef ref = SecretRef.keyVaultStyle(key, spec);
    if (ref.isPinned()) {
      throw new ConfigException(
          key
              + ": the file backend has no versions; write "
              + key
              + "="
              + ref.name()
              + " (versions such as /"
              + ref.version()
              + " exist only in Key Vault)");
    }
    return ref;
  }

  @Override
  public SecretsBackend create(BackendSettings settings) throws ConfigException {
    String file = settings.get(Setting.FILE.environmentName(), Setting.FILE.propertyName());
    if (file == null || file.isBlank()) {
      throw new ConfigException(
          "the file backend needs "
              + Setting.FILE.describe()
              + ": the path of a JSON object of secret name to value, e.g. {\"db-password\": \"...\"}");
    }
    String allow =
        settings.get(
            Setting.FILE_ALLOW_OPEN_PERMISSIONS.environmentName(),
            Setting.FILE_ALLOW_OPEN_PERMISSIONS.propertyName());
    Path path = Setting.FILE.path(file.trim(), "the JSON file of secrets");
    return new FileBackend(path, "true".equalsIgnoreCase(allow == null ? "" : allow.trim()));
  }
}
