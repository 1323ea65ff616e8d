package io.secretsagent.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.ManagedKeyValues;
import io.secretsagent.spi.SecretRef;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The {@code System.getenv()} view: every view of it agrees with {@code get}, live. */
class ManagedEnvironmentTest {

  final Map<String, String> jdk =
      Collections.unmodifiableMap(
          new HashMap<>(Map.of("PATH", "/bin", "HOME", "/root", "DB_PASSWORD", "from-env")));
  final ManagedKey password = key("DB_PASSWORD");
  final ManagedKey jwt = key("JWT_KEY");
  final ManagedKey unresolved = key("API_KEY");
  final Lookups lookups =
      new Lookups(
          List.of(
              password,
              jwt,
              unresolved,
              new ManagedKey(KeySpec.Kind.PROPERTY, "p", new SecretRef("p", null), null)),
          0,
          System::nanoTime);
  final Map<String, String> env = lookups.environmentMap().apply(jdk);

  private static ManagedKey key(String name) {
    return new ManagedKey(
        KeySpec.Kind.ENVIRONMENT, name, new SecretRef(SecretRef.translate(name), null), null);
  }

  ManagedEnvironmentTest() {
    ManagedKeyValues.set(password, "s3cret");
    ManagedKeyValues.set(jwt, "jwt");
  }

  @Test
  void overlaysResolvedKeysOnly() {
    Map<String, String> expected =
        new TreeMap<>(
            Map.of("PATH", "/bin", "HOME", "/root", "DB_PASSWORD", "s3cret", "JWT_KEY", "jwt"));
    assertEquals(expected, new TreeMap<>(env));
    assertEquals(expected, env);
    assertEquals(env, expected);
    assertEquals(expected.hashCode(), env.hashCode());
    assertEquals(4, env.size());
    assertEquals(4, env.keySet().size());
    assertEquals(4, env.values().size());
    assertTrue(env.containsKey("JWT_KEY"));
    assertTrue(env.containsValue("s3cret"));
    assertFalse(env.containsValue("from-env"), "hidden by the managed key");
    assertFalse(env.containsKey("API_KEY"), "unresolved keys are absent");
    assertNull(env.get("API_KEY"));
    assertEquals("fallback", env.getOrDefault("API_KEY", "fallback"));
    int[] count = {0};
    env.forEach(
        (k, v) -> {
          assertEquals(env.get(k), v);
          count[0]++;
        });
    assertEquals(4, count[0]);
  }

  @Test
  void isLiveAndTheSameObjectForTheSameJdkMap() {
    assertSame(env, lookups.environmentMap().apply(jdk));
    ManagedKeyValues.set(unresolved, "late");
    assertEquals("late", env.get("API_KEY"));
    assertEquals(5, env.size());
    assertTrue(env.entrySet().contains(Map.entry("API_KEY", "late")));
  }

  @Test
  void isUnmodifiable() {
    assertThrows(UnsupportedOperationException.class, () -> env.put("X", "y"));
    assertThrows(UnsupportedOperationException.class, () -> env.remove("PATH"));
    assertThrows(UnsupportedOperationException.class, env::clear);
    assertThrows(UnsupportedOperationException.class, () -> env.keySet().remove("PATH"));
    assertThrows(UnsupportedOperationException.class, () -> env.values().removeIf(v -> true));
    assertThrows(
        UnsupportedOperationException.class, () -> env.entrySet().iterator().next().setValue("x"));
    assertThrows(UnsupportedOperationException.class, () -> env.entrySet().removeIf(e -> true));
  }

  @Test
  void singleLookupsFallBackToTheJdkValue() {
    var lookup = lookups.lookup(Map.of("DB_PASSWORD", password, "API_KEY", unresolved));
    assertEquals("s3cret", lookup.apply("DB_PASSWORD", "from-env"));
    assertEquals("jdk", lookup.apply("API_KEY", "jdk"));
    assertEquals("jdk", lookup.apply("OTHER", "jdk"));
    assertNull(lookup.apply("OTHER", null));
  }

  /** With 2,000 managed keys, size() looked at every key on every call (about 1 ms). */
  @Test
  void sizeIsCountedOnceAndRecountedOnlyWhenSomethingChanged() {
    Map<String, ManagedKey> managed = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      ManagedKey k = key("K_" + i);
      if (i != 7) {
        ManagedKeyValues.set(k, "v" + i);
      }
      managed.put(k.name(), k);
    }
    int[] looks = {0};
    ManagedEnvironment view =
        new ManagedEnvironment(
            jdk,
            managed,
            k -> {
              looks[0]++;
              return k.value();
            });
    assertEquals(3 + 1999, view.size());
    looks[0] = 0;
    assertEquals(3 + 1999, view.size());
    assertEquals(1, looks[0], "only the unresolved key is looked at again");
    ManagedKeyValues.set(managed.get("K_7"), "late");
    assertEquals(3 + 2000, view.size());
    looks[0] = 0;
    assertEquals(3 + 2000, view.size());
    assertEquals(0, looks[0]);
  }
}
