package io.secretsagent.internal.pool;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolFamily;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The bridge's {@code constructed} hook (ADR-017): binds every pool a watched family announces
 * whose password (and username) is a value the agent serves to that secret, through the family's
 * {@link io.secretsagent.pool.PoolIntegration}, loaded beside the pool library. Never sees a
 * password in a message.
 */
public final class PoolBinder implements BiConsumer<String, Object> {

  /** How long a pool announced from inside its constructor may take to start. */
  static final Duration START_WAIT = Duration.ofSeconds(10);

  static final Duration START_POLL = Duration.ofMillis(20);

  private final Secrets secrets;
  private final BindingResolver resolver;
  private final Map<String, PoolFamily> families;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanoTime;
  private final RejectionRefresher refresher;
  private final BoundPools pools;
  private final PoolIntegrations integrations =
      new PoolIntegrations(PoolBinder.class.getClassLoader());

  /**
   * @param explicit pool name to its binding ({@code SECRETS_HIKARI_BINDINGS}, see {@link
   *     #parseBindings}), for pools whose password is not (yet) a served value or matches more than
   *     one
   * @param scheduler runs binding and is handed to the integrations
   */
  PoolBinder(
      Secrets secrets,
      List<ManagedKey> keys,
      Map<String, Binding> explicit,
      List<PoolFamily> families,
      ScheduledExecutorService scheduler,
      LongSupplier nanoTime,
      Clock clock) {
    this.secrets = secrets;
    this.resolver = new BindingResolver(keys, explicit);
    this.families =
        families.stream().collect(Collectors.toMap(PoolFamily::name, f -> f, (a, b) -> a));
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.refresher = new RejectionRefresher(secrets, nanoTime);
    this.pools = new BoundPools(clock);
  }

  /** With the system's clocks. */
  public static PoolBinder create(
      SecretStore store,
      List<ManagedKey> keys,
      Map<String, Binding> explicit,
      List<PoolFamily> families,
      ScheduledExecutorService scheduler) {
    return new PoolBinder(
        Secrets.of(store),
        keys,
        explicit,
        families,
        scheduler,
        System::nanoTime,
        Clock.systemUTC());
  }

  /**
   * Parses {@code SECRETS_HIKARI_BINDINGS}: {@code pool=PASSWORD_KEY} or {@code
   * pool=PASSWORD_KEY/USERNAME_KEY}, comma-separated, naming managed keys.
   *
   * @param problems receives one message per malformed binding
   */
  public static Map<String, Binding> parseBindings(
      String value, List<ManagedKey> keys, List<String> problems) {
    return BindingResolver.parse(value, keys, problems);
  }

  /**
   * A watched class was constructed. Called on the application's thread inside the pool's
   * constructor: binding happens later, on the scheduler.
   *
   * @param family the family's name, as its patched constructor passes it
   */
  @Override
  public void accept(String family, Object announced) {
    PoolFamily watched = families.get(family);
    if (watched != null && announced != null) {
      long deadline = nanoTime.getAsLong() + START_WAIT.toNanos();
      scheduler.execute(() -> found(watched, announced, deadline));
    }
  }

  /** For JMX: one line per bound pool, never a credential. */
  public List<String> status() {
    return pools.lines();
  }

  private void found(PoolFamily family, Object announced, long deadline) {
    FoundPool found;
    try {
      found = integrations.beside(family, announced.getClass().getClassLoader()).inspect(announced);
    } catch (IllegalArgumentException e) {
      Log.debug(e.getMessage());
      return;
    } catch (Throwable t) {
      Log.warn(family.name() + " pool could not be bound to its secret: " + t, t);
      return;
    }
    whenStarted(family, announced, found, deadline);
  }

  /** A pool announced from inside its constructor is running soon after; wait, within bounds. */
  private void whenStarted(PoolFamily family, Object announced, FoundPool found, long deadline) {
    try {
      if (found.started()) {
        bind(family, announced, found);
      } else if (nanoTime.getAsLong() - deadline < 0) {
        scheduler.schedule(
            () -> whenStarted(family, announced, found, deadline),
            START_POLL.toNanos(),
            TimeUnit.NANOSECONDS);
      } else {
        Log.debug(
            family.name()
                + " pool '"
                + found.name()
                + "' did not start within "
                + START_WAIT.toSeconds()
                + " s of being built; it is not bound to a secret");
      }
    } catch (Throwable t) {
      Log.warn(family.name() + " pool could not be bound to its secret: " + t, t);
    }
  }

  private void bind(PoolFamily family, Object announced, FoundPool found) {
    String pool = found.name();
    String password = found.password();
    String username = found.username();
    BindingResolver.Resolution resolution = resolver.resolve(pool, password, username);
    if (resolution instanceof BindingResolver.Ambiguous ambiguous) {
      Log.warn(
          family.name()
              + " pool '"
              + pool
              + "' is not bound: its password is the value of "
              + ambiguous.keys().stream().map(ManagedKey::name).toList()
              + "; name one with "
              + Setting.HIKARI_BINDINGS.environmentName()
              + "="
              + pool
              + "=<KEY>");
      return;
    }
    if (!(resolution instanceof BindingResolver.Bound bound)) {
      warnIfSecretIsHidden(family, found);
      return;
    }
    PoolFollower follower =
        new PoolFollower(
            family.name(), pool, announced, bound.binding(), username, secrets, refresher, pools);
    BoundPool bindingOfPool;
    try {
      bindingOfPool = found.bind(follower, scheduler);
    } catch (RuntimeException e) {
      Log.warn(
          family.name()
              + " pool is not bound to its secret, so it will not follow a rotation: "
              + e.getMessage());
      return;
    }
    follower.start(bindingOfPool, password);
  }

  /**
   * A served value inside the JDBC URL or the data-source properties cannot be changed at run time:
   * say so, without the value, and how to configure the pool instead.
   */
  private void warnIfSecretIsHidden(PoolFamily family, FoundPool found) {
    BindingResolver.Hidden hidden = resolver.hiddenIn(found);
    if (hidden != null) {
      Log.warn(
          family.name()
              + " pool '"
              + found.name()
              + "' has the value of "
              + hidden.key().name()
              + " inside its "
              + hidden.where()
              + ", where it cannot follow a rotation; "
              + family.passwordAdvice());
      return;
    }
    Log.debug(
        family.name()
            + " pool '"
            + found.name()
            + "' is not bound: its password is not a value the agent serves");
  }
}
