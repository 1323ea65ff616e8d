package io.secretsagent.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.ManagedKeyValues;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolEvents;
import io.secretsagent.spi.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class BindingResolverTest {

  private static ManagedKey key(String name, String secret, String field, String value) {
    ManagedKey key =
        new ManagedKey(KeySpec.Kind.ENVIRONMENT, name, new SecretRef(secret, null), field);
    ManagedKeyValues.set(key, value);
    return key;
  }

  private final ManagedKey user = key("DB_USER", "db-creds", "username", "app");
  private final ManagedKey pass = key("DB_PASS", "db-creds", "password", "pw-1");
  private final ManagedKey replica = key("REPLICA_PASS", "replica", null, "pw-r");
  private final ManagedKey sameAsReplica = key("OTHER_PASS", "other", null, "pw-r");
  private final List<ManagedKey> keys = List.of(user, pass, replica, sameAsReplica);

  @Test
  void boundByValueWithTheUsernameOfTheSameSecret() {
    var resolution = new BindingResolver(keys, Map.of()).resolve("p", "pw-1", "app");
    assertEquals(
        new BindingResolver.Bound(new Binding(pass, user)), resolution, resolution.toString());
    assertEquals("username and password", new Binding(pass, user).describe());
  }

  @Test
  void aUsernameFromAnotherSecretIsNotBound() {
    var resolution = new BindingResolver(keys, Map.of()).resolve("p", "pw-1", "someone-else");
    assertEquals(new BindingResolver.Bound(new Binding(pass, null)), resolution);
  }

  @Test
  void twoKeysWithThePasswordAreAmbiguousUnlessTheBindingsNameOne() {
    assertEquals(
        new BindingResolver.Ambiguous(List.of(replica, sameAsReplica)),
        new BindingResolver(keys, Map.of()).resolve("p", "pw-r", "app"));
    Binding named = new Binding(replica, null);
    assertEquals(
        new BindingResolver.Bound(named),
        new BindingResolver(keys, Map.of("p", named)).resolve("p", "pw-r", "app"));
  }

  @Test
  void aPasswordNotServedIsUnserved() {
    assertInstanceOf(
        BindingResolver.Unserved.class,
        new BindingResolver(keys, Map.of()).resolve("p", "other", "app"));
    assertInstanceOf(
        BindingResolver.Unserved.class,
        new BindingResolver(keys, Map.of()).resolve("p", null, null));
  }

  @Test
  void parsesBindingsAndNamesEachMalformedOne() {
    List<String> problems = new ArrayList<>();
    Map<String, Binding> parsed =
        BindingResolver.parse(
            " main=DB_PASS/DB_USER , replica=REPLICA_PASS, broken=NOT_A_KEY, =DB_PASS, bare",
            keys,
            problems);
    assertEquals(
        Map.of("main", new Binding(pass, user), "replica", new Binding(replica, null)), parsed);
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(
        "'broken=NOT_A_KEY' in SECRETS_HIKARI_BINDINGS (secrets.hikari.bindings) is not"
            + " pool-name=PASSWORD_KEY[/USERNAME_KEY] naming keys of SECRETS_KEYS or SECRETS_PROPERTIES",
        problems.get(0));
    assertEquals(Map.of(), BindingResolver.parse(" ", keys, problems));
  }

  @Test
  void findsAServedValueHiddenElsewhereButNotAShortOne() {
    ManagedKey shortOne = key("SHORT", "s", null, "pw");
    BindingResolver resolver = new BindingResolver(List.of(shortOne, pass), Map.of());
    assertEquals(
        new BindingResolver.Hidden(pass, "JDBC URL"),
        resolver.hiddenIn(holding("jdbc:x://db?password=pw-1")));
    assertNull(resolver.hiddenIn(holding("jdbc:x://db?user=pw")));
  }

  /** A pool whose JDBC URL is {@code url}. */
  private static FoundPool holding(String url) {
    return new FoundPool() {
      @Override
      public String name() {
        return "p";
      }

      @Override
      public boolean started() {
        return true;
      }

      @Override
      public String username() {
        return null;
      }

      @Override
      public String password() {
        return null;
      }

      @Override
      public String whereElse(String value) {
        return url.contains(value) ? "JDBC URL" : null;
      }

      @Override
      public BoundPool bind(PoolEvents events, ScheduledExecutorService scheduler) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
