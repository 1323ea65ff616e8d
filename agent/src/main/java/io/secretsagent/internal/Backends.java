package io.secretsagent.internal;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretsBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the backend named by {@code SECRETS_BACKEND} among the bundled providers. */
final class Backends {

  private Backends() {}

  static SecretsBackendProvider find(String name) throws ConfigException {
    List<String> valid = new ArrayList<>(List.of("env"));
    for (SecretsBackendProvider provider :
        ServiceLoader.load(SecretsBackendProvider.class, Backends.class.getClassLoader())) {
      if (provider.name().equals(name) || provider.aliases().contains(name)) {
        return provider;
      }
      valid.add(provider.name());
      valid.addAll(provider.aliases());
    }
    throw new ConfigException(
        Setting.BACKEND.describe()
            + " is '"
            + name
            + "', which is not a backend;"
            + " write one of: "
            + String.join(", ", valid));
  }
}
