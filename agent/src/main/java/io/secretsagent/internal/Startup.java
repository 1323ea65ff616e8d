package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.instrument.SystemInstrumentation;
import io.secretsagent.internal.lookup.Lookups;
import io.secretsagent.internal.pool.Binding;
import io.secretsagent.internal.pool.PoolBinder;
import io.secretsagent.internal.pool.PoolDiscovery;
import io.secretsagent.internal.pool.PoolFamilies;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Exit;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.internal.store.Scheduler;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-up: probe the backend, resolve every managed key in parallel within the budget, refuse to
 * start (or warn) naming every failing key at once, then patch {@code System} and start refreshing.
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
    List<ManagedKey> keys = new ArrayList<>();
    for (KeySpec spec : config.keys()) {
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
    Map<String, Binding> bindings =
        PoolBinder.parseBindings(config.settings().get(Setting.HIKARI_BINDINGS), keys, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    if (keys.isEmpty()) {
      Log.debug(
          "backend "
              + config.backend()
              + " is selected but no keys are managed: set SECRETS_KEYS or SECRETS_PROPERTIES");
      return null;
    }
    return new Startup(config, provider.create(config.settings()), keys, bindings);
  }

  /**
   * Environment variables and system properties whose value is itself a reference to a secret (App
   * Service's {@code @Microsoft.KeyVault(...)}) and that are not listed: managed like listed keys.
   * A malformed reference is left alone, with a warning.
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

  /**
   * Blocking (the default): resolves every key, then patches {@code System} and returns.
   * Concurrent: patches {@code System} at once and resolves on an agent thread while the
   * application starts; a lookup of a managed key waits for it, within the same budget, and a
   * failure still ends the JVM with the same status and message.
   *
   * @param hooks the bytecode work, started by the caller before the configuration was read
   */
  void run(Instrumentation inst, CompletableFuture<SystemInstrumentation> hooks) {
    long start = System.nanoTime();
    long deadline = start + config.startupTimeout().toNanos();
    int refs = (int) keys.stream().map(ManagedKey::ref).distinct().count();
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(Math.min(8, refs) + 1);
    ScheduledThreadPoolExecutor timer = AgentThreads.scheduler();
    SecretStore store = new SecretStore(backend, keys, policy(), scheduler(timer), fetchers);
    Lookups lookups = new Lookups(keys, config.concurrentStartup() ? deadline : 0);
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
    if (config.concurrentStartup()) {
      if (installHooks(inst, hooks, lookups, binder)) {
        AgentThreads.start(
            "secrets-agent-start",
            () -> {
              Map<ManagedKey, String> failed = resolve(store, fetchers, start, deadline);
              lookups.ready();
              started(store, failed, start);
            });
      }
      return;
    }
    Map<ManagedKey, String> failed = resolve(store, fetchers, start, deadline);
    if (installHooks(inst, hooks, lookups, binder)) {
      started(store, failed, start);
    }
  }

  /**
   * Probes and resolves every key; refuses to start (or warns) naming every failure. The probe and
   * the fetches run together: on success that saves the probe's round trips, on failure the probe's
   * verdict (which says why: unreachable, authentication) is the one reported.
   */
  private Map<ManagedKey, String> resolve(
      SecretStore store, ThreadPoolExecutor fetchers, long start, long deadline) {
    CompletableFuture<Void> probe = startProbe(fetchers);
    Map<ManagedKey, String> failed =
        store.resolve(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    String probeFailure = awaitProbe(probe, deadline);
    Log.debug("probe and secrets done at " + elapsedMs(start) + " ms");
    if (probeFailure != null) {
      StringBuilder message =
          new StringBuilder(backend.describe())
              .append(" cannot serve secrets: ")
              .append(probeFailure);
      if (!failed.isEmpty()) {
        message
            .append("\n")
            .append(failed.size())
            .append(" of ")
            .append(keys.size())
            .append(" managed keys are not served:");
        failed.keySet().forEach(key -> message.append("\n  ").append(key.describe()));
      }
      unavailable(
          message.toString(),
          "Check that the backend is reachable and that this identity may read secrets.");
    } else if (!failed.isEmpty()) {
      StringBuilder message =
          new StringBuilder()
              .append(failed.size())
              .append(" of ")
              .append(keys.size())
              .append(" managed keys could not be resolved from ")
              .append(backend.describe())
              .append(':');
      failed.forEach(
          (key, why) -> message.append("\n  ").append(key.describe()).append(": ").append(why));
      unavailable(
          message.toString(),
          "Fix the secrets or the key list (SECRETS_KEYS, SECRETS_PROPERTIES).");
    }
    return failed;
  }

  /**
   * @return whether {@code System} is patched
   */
  private boolean installHooks(
      Instrumentation inst,
      CompletableFuture<SystemInstrumentation> hooks,
      Lookups lookups,
      PoolBinder pools) {
    try {
      hooks.join().install(inst, lookups::install, pools);
      return true;
    } catch (Throwable e) {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      unavailable(
          "the agent could not patch java.lang.System on this JVM (" + cause + ")",
          "Report this with the output of java -version.");
      return false;
    }
  }

  private void started(SecretStore store, Map<ManagedKey, String> failed, long start) {
    store.startRefreshing();
    Log.info(
        (keys.size() - failed.size())
            + " of "
            + keys.size()
            + " managed keys served from "
            + backend.describe()
            + (config.refreshEnabled()
                ? ", refreshed every "
                    + config.refreshInterval().toString().substring(2).toLowerCase(Locale.ROOT)
                : ", refresh off")
            + " (start-up "
            + elapsedMs(start)
            + " ms"
            + (config.concurrentStartup() ? ", concurrent" : "")
            + ")");
  }

  /**
   * {@code java -jar secrets-agent.jar check}: resolves every key as premain would, and prints a
   * table of key, secret, version and status; never a value.
   *
   * @return the exit status: 0, or 69 when a key cannot be resolved
   */
  int check(PrintStream out) {
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(Math.min(8, keys.size()) + 1);
    ScheduledThreadPoolExecutor timer = AgentThreads.scheduler();
    SecretStore store = new SecretStore(backend, keys, policy(), scheduler(timer), fetchers);
    out.println("backend: " + backend.describe());
    String probeFailure = probe(fetchers, deadline);
    if (probeFailure != null) {
      out.println("probe: FAILED " + probeFailure);
      return Exit.UNAVAILABLE;
    }
    out.println("probe: ok");
    Map<ManagedKey, String> failed =
        store.resolve(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    String format = "%-32s %-40s %-34s %s%n";
    out.printf(format, "KEY", "SECRET", "VERSION", "STATUS");
    for (ManagedKey key : keys) {
      String secret = key.ref().name() + (key.field() == null ? "" : "#" + key.field());
      String version = store.version(key.ref());
      out.printf(
          format,
          key.name(),
          secret,
          version == null ? "-" : version,
          failed.containsKey(key) ? "FAILED " + failed.get(key) : "ok");
    }
    out.println((keys.size() - failed.size()) + " of " + keys.size() + " managed keys resolved");
    return failed.isEmpty() ? 0 : Exit.UNAVAILABLE;
  }

  private static Scheduler scheduler(ScheduledThreadPoolExecutor timer) {
    return (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private RefreshPolicy policy() {
    return new RefreshPolicy(
        config.refreshInterval(), BACKOFF_BASE, () -> ThreadLocalRandom.current().nextLong());
  }

  /**
   * @return null when the probe passed, else why not
   */
  private String probe(ThreadPoolExecutor fetchers, long deadline) {
    return awaitProbe(startProbe(fetchers), deadline);
  }

  private CompletableFuture<Void> startProbe(ThreadPoolExecutor fetchers) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            backend.probe();
          } catch (BackendException e) {
            throw new CompletionException(e);
          }
        },
        fetchers);
  }

  private String awaitProbe(CompletableFuture<Void> probe, long deadline) {
    try {
      probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      return "no answer from "
          + backend.probeDescription()
          + " within the start-up budget of "
          + config.startupTimeout().toMillis()
          + " ms (SECRETS_STARTUP_TIMEOUT)";
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Status 69, or a warning when {@code SECRETS_FAIL_FAST=false}. */
  private void unavailable(String what, String advice) {
    if (config.failFast()) {
      Exit.refuse(
          Exit.UNAVAILABLE,
          "cannot start: "
              + what
              + "\n"
              + advice
              + " SECRETS_FAIL_FAST=false starts the application anyway, with the JDK's own values for unresolved keys.",
          null);
    } else {
      Log.warn(
          what
              + "\n"
              + advice
              + " Starting anyway (SECRETS_FAIL_FAST=false): unresolved keys get the JDK's own values.");
    }
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
