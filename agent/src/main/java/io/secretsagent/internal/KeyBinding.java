package io.secretsagent.internal;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds every managed key to its secret, as the backend reads the key list, plus the environment
 * variables and system properties whose value is itself a reference to a secret (App Service's
 * {@code @Microsoft.KeyVault(...)}).
 */
final class KeyBinding {

  private KeyBinding() {}

  /**
   * @param problems receives one message per key the backend cannot read, so all are reported at
   *     once
   */
  static List<ManagedKey> bind(
      SecretsBackendProvider provider, List<KeySpec> specs, List<String> problems) {
    List<ManagedKey> keys = new ArrayList<>();
    for (KeySpec spec : specs) {
      try {
        String field = spec.field() == null ? provider.defaultField() : spec.field();
        keys.add(
            new ManagedKey(
                spec.kind(), spec.name(), provider.reference(spec.name(), spec.spec()), field));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    keys.addAll(referencesInValues(provider, keys));
    return keys;
  }

  /**
   * Environment variables and system properties whose value is itself a reference to a secret and
   * that are not listed: managed like listed keys. A malformed reference is left alone, with a
   * warning.
   */
  private static List<ManagedKey> referencesInValues(
      SecretsBackendProvider provider, List<ManagedKey> listed) {
    List<ManagedKey> found = new ArrayList<>();
    Map<String, String> properties = new TreeMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k instanceof String key && v instanceof String value) {
                properties.put(key, value);
              }
            });
    for (KeySpec.Kind kind : KeySpec.Kind.values()) {
      Map<String, String> values =
          kind == KeySpec.Kind.ENVIRONMENT ? new TreeMap<>(System.getenv()) : properties;
      values.forEach(
          (name, value) -> {
            if (listed.stream().anyMatch(k -> k.kind() == kind && k.name().equals(name))) {
              return;
            }
            try {
              SecretRef ref = provider.referenceIn(value);
              if (ref != null) {
                found.add(new ManagedKey(kind, name, ref, null));
              }
            } catch (ConfigException e) {
              Log.warn(name + " is left as it is: " + e.getMessage());
            }
          });
    }
    return found;
  }
}
