package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.instrument.SystemInstrumentation;
import io.secretsagent.internal.lookup.Lookups;
import io.secretsagent.internal.pool.Binding;
import io.secretsagent.internal.pool.PoolBinder;
import io.secretsagent.internal.pool.PoolDiscovery;
import io.secretsagent.internal.pool.PoolFamilies;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.internal.store.Scheduler;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Start-up wiring: the backend and the bound keys ({@link KeyBinding}), then the store, the
 * lookups, the HikariCP binder and the MBean, the probe and resolution within the budget ({@link
 * Resolution}), what the operator is told ({@link StartupReport}), and the patch of {@code System};
 * or, for {@code check}, the table ({@link CheckTable}).
 */
final class Startup {

  private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final SecretsBackend backend;
  private final List<ManagedKey> keys;
  private final Map<String, Binding> hikariBindings;

  private Startup(
      AgentConfig config,
      SecretsBackend backend,
      List<ManagedKey> keys,
      Map<String, Binding> hikariBindings) {
    this.config = config;
    this.backend = backend;
    this.keys = keys;
    this.hikariBindings = hikariBindings;
  }

  /** The {@code SECRETS_BACKEND} value, lower-cased. */
  String backendName() {
    return config.backend();
  }

  /**
   * Finds the backend and binds every key to its secret; each problem adds a message to {@code
   * problems}. The backend is created only when there is none.
   *
   * @return null when there is nothing to do (backend {@code env}, no managed keys) or problems
   * @throws ConfigException when the backend refuses its settings
   */
  static Startup prepare(AgentConfig config, List<String> problems) throws ConfigException {
    if (config.backend().equals("env")) {
      return null;
    }
    SecretsBackendProvider provider;
    try {
      provider = Backends.find(config.backend());
    } catch (ConfigException e) {
      problems.add(e.getMessage());
      return null;
    }
    List<ManagedKey> keys = KeyBinding.bind(provider, config.keys(), problems);
    Map<String, Binding> bindings =
        PoolBinder.parseBindings(config.settings().get(Setting.HIKARI_BINDINGS), keys, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    if (keys.isEmpty()) {
      Log.debug(
          "backend "
              + config.backend()
              + " is selected but no keys are managed: set "
              + Setting.KEYS.environmentName()
              + " or "
              + Setting.PROPERTIES.environmentName());
      return null;
    }
    return new Startup(config, provider.create(config.settings()), keys, bindings);
  }

  /**
   * Blocking (the default): resolves every key, then patches {@code System} and returns.
   * Concurrent: patches {@code System} at once and resolves on an agent thread while the
   * application starts; a lookup of a managed key waits for it, within the same budget, and a
   * failure still ends the JVM with the same status and message.
   *
   * @param hooks the bytecode work, started by the caller before the configuration was read
   */
  void run(Instrumentation inst, CompletableFuture<SystemInstrumentation> hooks) {
    ScheduledThreadPoolExecutor timer = AgentThreads.scheduler();
    Scheduler clock = Scheduler.on(timer);
    long start = clock.nanoTime();
    int refs = (int) keys.stream().map(ManagedKey::ref).distinct().count();
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(Math.min(8, refs) + 1);
    Resolution resolution = new Resolution(backend, fetchers, clock, config.startupTimeout());
    SecretStore store = new SecretStore(backend, keys, policy(), clock, fetchers);
    Lookups lookups =
        new Lookups(keys, config.concurrentStartup() ? resolution.deadline() : 0, clock::nanoTime);
    PoolDiscovery pools = new PoolDiscovery(inst, PoolFamilies.load(config.hikari()));
    PoolBinder binder = PoolBinder.create(store, keys, hikariBindings, pools.families(), timer);
    lookups.watchProperties(pools.triggers(), pools::triggered);
    Duration mbeanDelay =
        config.refreshEnabled() && config.refreshInterval().compareTo(Duration.ofMinutes(1)) < 0
            ? config.refreshInterval()
            : Duration.ofMinutes(1);
    timer.schedule(
        new AgentStatus(store, binder::status)::register,
        mbeanDelay.toMillis(),
        TimeUnit.MILLISECONDS);
    StartupReport report = new StartupReport(config, backend, keys);
    Runnable resolve =
        () -> {
          Resolution.Outcome outcome = resolution.probeAndResolve(store);
          Log.debug("probe and secrets done at " + elapsedMs(clock, start) + " ms");
          report.resolved(outcome);
          lookups.ready();
          if (!config.concurrentStartup() && !installHooks(inst, hooks, lookups, binder, report)) {
            return;
          }
          store.startRefreshing();
          report.started(outcome.unserved(), elapsedMs(clock, start));
        };
    if (!config.concurrentStartup()) {
      resolve.run();
    } else if (installHooks(inst, hooks, lookups, binder, report)) {
      AgentThreads.start("secrets-agent-start", resolve);
    }
  }

  /**
   * @return whether {@code System} is patched
   */
  private static boolean installHooks(
      Instrumentation inst,
      CompletableFuture<SystemInstrumentation> hooks,
      Lookups lookups,
      PoolBinder pools,
      StartupReport report) {
    try {
      hooks.join().install(inst, lookups::install, pools);
      return true;
    } catch (Throwable e) {
      report.notPatched(e instanceof CompletionException ? e.getCause() : e);
      return false;
    }
  }

  /**
   * {@code java -jar secrets-agent.jar check}: resolves every key as premain would, and prints a
   * table of key, secret, version and status; never a value.
   *
   * @return the exit status: 0, or 69 when a key cannot be resolved
   */
  int check(PrintStream out) {
    ScheduledThreadPoolExecutor timer = AgentThreads.scheduler();
    Scheduler clock = Scheduler.on(timer);
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(Math.min(8, keys.size()) + 1);
    Resolution resolution = new Resolution(backend, fetchers, clock, config.startupTimeout());
    SecretStore store = new SecretStore(backend, keys, policy(), clock, fetchers);
    return CheckTable.print(out, backend, keys, store, resolution);
  }

  private RefreshPolicy policy() {
    return new RefreshPolicy(
        config.refreshInterval(), BACKOFF_BASE, () -> ThreadLocalRandom.current().nextLong());
  }

  private static long elapsedMs(Scheduler clock, long start) {
    return (clock.nanoTime() - start) / 1_000_000;
  }
}
