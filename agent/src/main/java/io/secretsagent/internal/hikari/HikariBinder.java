package io.secretsagent.internal.hikari;

import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RotationListener;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.SecretRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Binds every started HikariCP pool whose password (and username) is a value the agent serves to
 * that secret: on rotation the pool moves to the new credentials (validated first, by the {@code
 * hikari-integration} module), and a login the database rejects refreshes the secret at once, at
 * most every {@link #MIN_REFRESH_GAP}, so that a password rotated in the database first costs
 * seconds, not a refresh interval. Reaches HikariCP reflectively; never sees a password in a
 * message. A pool the application closes is let go: its listener, swapper and watch end.
 */
public final class HikariBinder implements Consumer<Object> {

  static final Duration MIN_REFRESH_GAP = Duration.ofSeconds(1);
  private static final String ENTRY_POINT = "io.secretsagent.hikari.CredentialSwapEntryPoint";

  private final SecretStore store;
  private final List<ManagedKey> keys;
  private final Map<String, ManagedKey[]> explicit;
  private final ScheduledExecutorService scheduler;
  private final Map<ClassLoader, ClassLoader> integrations = new WeakHashMap<>();
  private final Map<SecretRef, Long> lastRefresh = new ConcurrentHashMap<>();

  /**
   * Bound pools by identity (HikariDataSource keeps Object's equals): two pools may share a name.
   */
  private final Map<Object, PoolStatus> pools = new ConcurrentHashMap<>();

  /** What JMX shows of a bound pool; never a credential. */
  private record PoolStatus(
      String pool,
      SecretRef ref,
      boolean username,
      int swaps,
      Instant lastSwap,
      String outcome,
      int refused) {
    PoolStatus swapped(String result) {
      return new PoolStatus(pool, ref, username, swaps + 1, Instant.now(), result, refused);
    }

    PoolStatus validationRefused() {
      return new PoolStatus(pool, ref, username, swaps, lastSwap, outcome, refused + 1);
    }

    @Override
    public String toString() {
      return pool
          + " -> secret '"
          + ref
          + "' ("
          + (username ? "username and password" : "password")
          + "), swaps "
          + swaps
          + (lastSwap == null ? "" : ", last swap " + lastSwap + " " + outcome)
          + ", validation logins refused "
          + refused;
    }
  }

  /**
   * @param explicit pool name to its password key and optional username key, for pools whose
   *     password is not (yet) a served value or matches more than one ({@code
   *     SECRETS_HIKARI_BINDINGS})
   */
  public HikariBinder(
      SecretStore store,
      List<ManagedKey> keys,
      Map<String, ManagedKey[]> explicit,
      ScheduledExecutorService scheduler) {
    this.store = store;
    this.keys = keys;
    this.explicit = explicit;
    this.scheduler = scheduler;
  }

  /**
   * Parses {@code SECRETS_HIKARI_BINDINGS}: {@code pool=PASSWORD_KEY} or {@code
   * pool=PASSWORD_KEY/USERNAME_KEY}, comma-separated, naming managed keys.
   *
   * @param problems receives one message per malformed binding
   */
  public static Map<String, ManagedKey[]> parseBindings(
      String value, List<ManagedKey> keys, List<String> problems) {
    Map<String, ManagedKey[]> bindings = new java.util.HashMap<>();
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
                + "' in SECRETS_HIKARI_BINDINGS (secrets.hikari.bindings) is not"
                + " pool-name=PASSWORD_KEY[/USERNAME_KEY] naming keys of SECRETS_KEYS or SECRETS_PROPERTIES");
        continue;
      }
      bindings.put(parts[0].trim(), new ManagedKey[] {password, username});
    }
    return bindings;
  }

  private static ManagedKey find(List<ManagedKey> keys, String name) {
    return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
  }

  /** Called on the application's thread inside the pool's constructor: binding happens later. */
  @Override
  public void accept(Object config) {
    AgentThreads.start("secrets-agent-hikari-bind", () -> bind(config, 0));
  }

  private void bind(Object dataSource, int attempt) {
    try {
      if (!dataSource.getClass().getName().equals("com.zaxxer.hikari.HikariDataSource")) {
        Log.debug(
            "a HikariCP pool was built from a bare HikariConfig; only HikariDataSource pools are followed");
        return;
      }
      if (call(dataSource, "getHikariPoolMXBean")
          == null) { // the data source assigns its pool after the constructor
        if (attempt < 500) {
          scheduler.schedule(() -> bind(dataSource, attempt + 1), 20, TimeUnit.MILLISECONDS);
        }
        return;
      }
      String pool = String.valueOf(call(dataSource, "getPoolName"));
      Object password = call(dataSource, "getPassword");
      Object username = call(dataSource, "getUsername");
      ManagedKey[] bound = explicit.get(pool);
      List<ManagedKey> matching =
          keys.stream().filter(k -> password != null && password.equals(k.value())).toList();
      if (bound == null && matching.size() > 1) {
        Log.warn(
            "HikariCP pool '"
                + pool
                + "' is not bound: its password is the value of "
                + matching.stream().map(ManagedKey::name).toList()
                + "; name one with SECRETS_HIKARI_BINDINGS="
                + pool
                + "=<KEY>");
        return;
      }
      ManagedKey passwordKey =
          bound != null ? bound[0] : matching.isEmpty() ? null : matching.get(0);
      if (passwordKey == null) {
        warnIfSecretIsHidden(pool, dataSource);
        return;
      }
      ManagedKey usernameKey =
          bound != null
              ? bound[1]
              : keys.stream()
                  .filter(
                      k ->
                          k.ref().equals(passwordKey.ref())
                              && k != passwordKey
                              && username != null
                              && username.equals(k.value()))
                  .findFirst()
                  .orElse(null);
      Class<?> entryPoint =
          integration(dataSource.getClass().getClassLoader()).loadClass(ENTRY_POINT);
      Consumer<String> refused =
          sqlState ->
              pools.computeIfPresent(dataSource, (ds, status) -> status.validationRefused());
      Object swap =
          bindMethod(entryPoint)
              .invoke(
                  null,
                  dataSource,
                  scheduler,
                  Duration.ofMillis(250),
                  Duration.ofSeconds(5),
                  refused);
      follow(
          pool,
          dataSource,
          entryPoint,
          swap,
          passwordKey,
          usernameKey,
          username == null ? null : username.toString(),
          String.valueOf(password));
    } catch (InvocationTargetException e) {
      Log.warn(
          "HikariCP pool is not bound to its secret, so it will not follow a rotation: "
              + e.getCause().getMessage());
    } catch (Throwable t) {
      Log.warn("HikariCP pool could not be bound to its secret: " + t, t);
    }
  }

  @SuppressWarnings("unchecked")
  private void follow(
      String pool,
      Object dataSource,
      Class<?> entryPoint,
      Object swap,
      ManagedKey passwordKey,
      ManagedKey usernameKey,
      String username,
      String boundPassword)
      throws ReflectiveOperationException {
    BiFunction<String, String, CompletionStage<String>> apply =
        (BiFunction<String, String, CompletionStage<String>>) swap;
    SecretRef ref = passwordKey.ref();
    RotationListener listener =
        (rotated, values) -> {
          if (!rotated.equals(ref)) {
            return;
          }
          String newUser = usernameKey == null ? username : values.get(usernameKey.name());
          apply
              .apply(newUser, values.get(passwordKey.name()))
              .whenComplete(
                  (outcome, error) -> {
                    pools.computeIfPresent(
                        dataSource,
                        (ds, status) ->
                            status.swapped(
                                error == null
                                    ? outcome
                                    : "FAILED " + error.getClass().getSimpleName()));
                    if (error != null) {
                      Log.warn(
                          "HikariCP pool '"
                              + pool
                              + "' could not move to the rotated secret '"
                              + ref
                              + "': "
                              + error);
                    } else {
                      Log.info(
                          "HikariCP pool '"
                              + pool
                              + "' and the rotated secret '"
                              + ref
                              + "': "
                              + outcome);
                    }
                  });
        };
    Runnable onClosed =
        () -> {
          store.removeListener(listener);
          closeQuietly(swap);
          pools.remove(dataSource);
          Log.info(
              "HikariCP pool '" + pool + "' was closed; it no longer follows secret '" + ref + "'");
        };
    Consumer<String> onRejection = sqlState -> refreshAfterRejection(pool, ref, sqlState);
    try { // first: it is what lets the pool go when closed, so a pool it cannot watch is not bound
      // at all
      watchMethod(entryPoint)
          .invoke(null, dataSource, scheduler, Duration.ofMillis(100), onRejection, onClosed);
    } catch (ReflectiveOperationException e) {
      closeQuietly(swap);
      throw e;
    }
    pools.put(dataSource, new PoolStatus(pool, ref, usernameKey != null, 0, null, null, 0));
    store.addListener(listener);
    if (passwordKey.value() != null
        && !passwordKey.value().equals(boundPassword)) { // rotated while this pool was bound
      listener.rotated(ref, store.values(ref));
    }
    Log.info(
        "HikariCP pool '"
            + pool
            + "' follows secret '"
            + ref
            + "' ("
            + (usernameKey == null ? "password" : "username and password")
            + ")");
  }

  /** For JMX: one line per bound pool, never a credential. */
  public List<String> status() {
    return pools.values().stream().map(PoolStatus::toString).sorted().toList();
  }

  /**
   * A served value inside the JDBC URL or the data-source properties cannot be changed at run time:
   * say so, without the value, and how to configure the pool instead.
   */
  private void warnIfSecretIsHidden(String pool, Object dataSource)
      throws ReflectiveOperationException {
    String url = String.valueOf(call(dataSource, "getJdbcUrl"));
    String properties = String.valueOf(call(dataSource, "getDataSourceProperties"));
    for (ManagedKey key : keys) {
      String value = key.value();
      if (value != null
          && value.length() >= 4
          && (url.contains(value) || properties.contains(value))) {
        Log.warn(
            "HikariCP pool '"
                + pool
                + "' has the value of "
                + key.name()
                + " inside its "
                + (url.contains(value) ? "JDBC URL" : "data-source properties")
                + ", where it cannot follow a rotation;"
                + " set it as the pool's password instead (HikariConfig.setPassword, spring.datasource.password)");
        return;
      }
    }
    Log.debug(
        "HikariCP pool '" + pool + "' is not bound: its password is not a value the agent serves");
  }

  /**
   * The database rejected a login: the secret may have rotated there first. Single-flight,
   * rate-limited.
   */
  private void refreshAfterRejection(String pool, SecretRef ref, String sqlState) {
    long now = System.nanoTime();
    Long last = lastRefresh.get(ref);
    if (last != null && now - last < MIN_REFRESH_GAP.toNanos()) {
      return;
    }
    lastRefresh.put(ref, now);
    Log.info(
        "HikariCP pool '"
            + pool
            + "': the database rejected a login (SQLState "
            + sqlState
            + "); refreshing secret '"
            + ref
            + "' now");
    store.refresh(ref);
  }

  private synchronized ClassLoader integration(ClassLoader hikari) {
    return integrations.computeIfAbsent(
        hikari, l -> new IntegrationLoader(l, HikariBinder.class.getClassLoader()));
  }

  private static Object call(Object target, String name) throws ReflectiveOperationException {
    return target.getClass().getMethod(name).invoke(target);
  }

  private static Method bindMethod(Class<?> entryPoint) throws NoSuchMethodException {
    return entryPoint.getMethod(
        "bind",
        Object.class,
        ScheduledExecutorService.class,
        Duration.class,
        Duration.class,
        Consumer.class);
  }

  private static Method watchMethod(Class<?> entryPoint) throws NoSuchMethodException {
    return entryPoint.getMethod(
        "watchLoginRejections",
        Object.class,
        ScheduledExecutorService.class,
        Duration.class,
        Consumer.class,
        Runnable.class);
  }

  private static void closeQuietly(Object swap) {
    try {
      ((AutoCloseable) swap).close();
    } catch (Exception e) {
      Log.debug("closing the credential swapper of a closed pool failed: " + e);
    }
  }
}
