package io.secretsagent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Follows docs/backends.md for a backend of its own, an in-memory "ledger" that issues credentials
 * with a lifetime: the provider declares its setting and parses the key's right-hand side, the
 * backend fetches; the agent's key binding, store and renewal do the rest, with no other change.
 */
class BackendGuideTest {

  /** Step 2 of the guide: the backend's own setting, in the three forms. */
  enum LedgerSetting implements BackendSettings.Key {
    NAME;

    @Override
    public String environmentName() {
      return "SECRETS_LEDGER_NAME";
    }

    @Override
    public String propertyName() {
      return "secrets.ledger.name";
    }
  }

  /** Steps 1 and 3: the provider, and the backend it creates. */
  static final class LedgerProvider implements SecretsBackendProvider {
    final Map<String, String> ledger = new HashMap<>();
    int fetches;

    @Override
    public String name() {
      return "ledger";
    }

    @Override
    public SecretRef reference(String key, String spec) throws ConfigException {
      String name = spec == null ? SecretRef.translate(key) : spec;
      if (name.contains("/")) {
        throw new ConfigException(
            key + ": '" + name + "' is not a ledger entry; write " + key + "=<entry>");
      }
      return new SecretRef(name, null);
    }

    @Override
    public SecretsBackend create(BackendSettings settings) throws ConfigException {
      String ledgerName = settings.value(LedgerSetting.NAME);
      if (ledgerName == null) {
        throw new ConfigException(LedgerSetting.NAME.describe() + " is required; name the ledger");
      }
      return new SecretsBackend() {
        @Override
        public Secret fetch(SecretRef ref) throws BackendException {
          fetches++;
          String value = ledger.get(ref.name());
          if (value == null) {
            throw new BackendException(
                BackendException.Kind.NOT_FOUND, "ledger " + ledgerName + " has no " + ref.name());
          }
          return new Secret(value, null).expiring(Duration.ofMinutes(10)); // step 4: a lifetime
        }

        @Override
        public String describe() {
          return "ledger " + ledgerName;
        }
      };
    }
  }

  final LedgerProvider provider = new LedgerProvider();
  final FakeScheduler scheduler = new FakeScheduler();

  BackendSettings settings(String ledgerName) {
    return new BackendSettings() {
      @Override
      public String get(String environmentName, String propertyName) {
        return environmentName.equals("SECRETS_LEDGER_NAME") ? ledgerName : null;
      }

      @Override
      public Duration startupTimeout() {
        return Duration.ofSeconds(10);
      }
    };
  }

  @Test
  void aBackendWrittenFromTheGuideIsBoundResolvedAndRenewedByTheAgent() throws Exception {
    List<String> problems = new ArrayList<>();
    List<ManagedKey> keys =
        KeyBinding.bind(
            provider,
            List.of(
                new KeySpec(KeySpec.Kind.ENVIRONMENT, "DB_PASSWORD", null, null),
                new KeySpec(KeySpec.Kind.ENVIRONMENT, "API_KEY", "api", null)),
            problems);
    assertEquals(List.of(), problems);
    provider.ledger.put("db-password", "pw-1");
    provider.ledger.put("api", "key-1");
    SecretStore store =
        new SecretStore(
            provider.create(settings("orders")),
            keys,
            new RefreshPolicy(Duration.ZERO, Duration.ofSeconds(1), () -> 0L),
            scheduler,
            Runnable::run);

    assertEquals(Map.of(), store.resolve(Duration.ofSeconds(10)).join());
    store.startRefreshing();
    assertEquals("pw-1", keys.get(0).value());
    assertEquals("key-1", keys.get(1).value());

    provider.ledger.put("db-password", "pw-2");
    scheduler.advance(Duration.ofMinutes(5)); // renewed by half its lifetime, refresh being off
    assertEquals("pw-2", keys.get(0).value());
    assertEquals(4, provider.fetches, "two at start, each renewed once");
  }

  @Test
  void theBackendsOwnMessagesNameItsSettingAndTheKey() {
    List<String> problems = new ArrayList<>();
    KeyBinding.bind(
        provider, List.of(new KeySpec(KeySpec.Kind.ENVIRONMENT, "X", "a/b", null)), problems);
    assertEquals(List.of("X: 'a/b' is not a ledger entry; write X=<entry>"), problems);
    ConfigException e = assertThrows(ConfigException.class, () -> provider.create(settings(null)));
    assertEquals(
        "SECRETS_LEDGER_NAME (secrets.ledger.name) is required; name the ledger", e.getMessage());
  }
}
