package io.secretsagent.internal.pool;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.pool.FoundPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which managed keys a pool's credentials come from: the pool's entry in {@code
 * SECRETS_HIKARI_BINDINGS} if it has one, else the one key whose served value is the pool's
 * password (and the key of the same secret whose value is its username).
 */
final class BindingResolver {

  /** How a pool resolved. */
  sealed interface Resolution {}

  record Bound(Binding binding) implements Resolution {}

  /** The pool's password is the value of more than one key. */
  record Ambiguous(List<ManagedKey> keys) implements Resolution {}

  /** The pool's password is not a value the agent serves. */
  record Unserved() implements Resolution {}

  private final List<ManagedKey> keys;
  private final Map<String, Binding> explicit;

  /**
   * @param explicit pool name to its binding, from {@link #parse}
   */
  BindingResolver(List<ManagedKey> keys, Map<String, Binding> explicit) {
    this.keys = keys;
    this.explicit = explicit;
  }

  Resolution resolve(String pool, String password, String username) {
    Binding named = explicit.get(pool);
    if (named != null) {
      return new Bound(named);
    }
    List<ManagedKey> matching =
        keys.stream().filter(k -> password != null && password.equals(k.value())).toList();
    if (matching.size() > 1) {
      return new Ambiguous(matching);
    }
    if (matching.isEmpty()) {
      return new Unserved();
    }
    ManagedKey passwordKey = matching.get(0);
    ManagedKey usernameKey =
        keys.stream()
            .filter(
                k ->
                    k.ref().equals(passwordKey.ref())
                        && k != passwordKey
                        && username != null
                        && username.equals(k.value()))
            .findFirst()
            .orElse(null);
    return new Bound(new Binding(passwordKey, usernameKey));
  }

  /** A served value a pool holds outside its password, and where. */
  record Hidden(ManagedKey key, String where) {}

  /**
   * The first served value (of 4 characters or more: shorter ones match by chance) that {@code
   * pool} holds outside its password, where it cannot follow a rotation; null if none.
   */
  Hidden hiddenIn(FoundPool pool) {
    for (ManagedKey key : keys) {
      String value = key.value();
      String where = value != null && value.length() >= 4 ? pool.whereElse(value) : null;
      if (where != null) {
        return new Hidden(key, where);
      }
    }
    return null;
  }

  /**
   * Parses {@code SECRETS_HIKARI_BINDINGS}: {@code pool=PASSWORD_KEY} or {@code
   * pool=PASSWORD_KEY/USERNAME_KEY}, comma-separated, naming managed keys.
   *
   * @param problems receives one message per malformed binding
   */
  static Map<String, Binding> parse(String value, List<ManagedKey> keys, List<String> problems) {
    Map<String, Binding> bindings = new HashMap<>();
    if (value == null || value.isBlank()) {
      return bindings;
    }
    for (String entry : value.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      String[] names = parts.length == 2 ? parts[1].split("/", 2) : new String[0];
      ManagedKey password = names.length > 0 ? find(keys, names[0].trim()) : null;
      ManagedKey username = names.length > 1 ? find(keys, names[1].trim()) : null;
      if (parts.length != 2
          || parts[0].isBlank()
          || password == null
          || (names.length > 1 && username == null)) {
        problems.add(
            "'"
                + entry.trim()
                + "' in "
                + Setting.HIKARI_BINDINGS.describe()
                + " is not pool-name=PASSWORD_KEY[/USERNAME_KEY] naming keys of "
                + Setting.KEYS.environmentName()
                + " or "
                + Setting.PROPERTIES.environmentName());
        continue;
      }
      bindings.put(parts[0].trim(), new Binding(password, username));
    }
    return bindings;
  }

  private static ManagedKey find(List<ManagedKey> keys, String name) {
    return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
  }
}
