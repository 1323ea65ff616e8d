package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.instrument.SystemInstrumentation;
import io.secretsagent.internal.lookup.Lookups;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretsBackend;
import io.secretsagent.spi.SecretsBackendProvider;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-up: probe the backend, resolve every managed key in parallel within the budget, refuse
 * to start (or warn) naming every failing key at once, then patch {@code System} and start
 * refreshing.
 */
final class Startup {

  private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final SecretsBackend backend;
  private final List<ManagedKey> keys;

  private Startup(AgentConfig config, SecretsBackend backend, List<ManagedKey> keys) {
    this.config = config;
    this.backend = backend;
    this.keys = keys;
  }

  /**
   * Finds the backend and binds every key to its secret; each problem adds a message to
   * {@code problems}. The backend is created only when there is none.
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
        keys.add(new ManagedKey(spec.kind(), spec.name(), provider.reference(spec.name(), spec.spec()), spec.field()));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    if (keys.isEmpty()) {
      Log.debug("backend " + config.backend() + " is selected but no keys are managed: set SECRETS_KEYS or SECRETS_PROPERTIES");
      return null;
    }
    return new Startup(config, provider.create(config.settings()), keys);
  }

  /**
   * @param hooks the bytecode work, started by the caller before the configuration was read
   */
  void run(Instrumentation inst, CompletableFuture<SystemInstrumentation> hooks) {
    long start = System.nanoTime();
    long deadline = start + config.startupTimeout().toNanos();
    int refs = (int) keys.stream().map(ManagedKey::ref).distinct().count();
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(Math.min(8, refs) + 1);
    ScheduledThreadPoolExecutor timer = AgentThreads.scheduler();
    RefreshPolicy policy = new RefreshPolicy(config.refreshInterval(), BACKOFF_BASE, () -> ThreadLocalRandom.current().nextLong());
    SecretStore store = new SecretStore(backend, keys, policy,
        (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS), fetchers);

    String probeFailure = probe(fetchers, deadline);
    if (probeFailure != null) {
      unavailable(backend.describe() + " cannot serve secrets: " + probeFailure, "Check that the backend is reachable and that this identity may read secrets.");
    }
    Log.debug("probe of " + backend.describe() + " done at " + elapsedMs(start) + " ms");
    Map<ManagedKey, String> failed = store.resolve(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    if (!failed.isEmpty()) {
      StringBuilder message = new StringBuilder()
          .append(failed.size()).append(" of ").append(keys.size()).append(" managed keys could not be resolved from ")
          .append(backend.describe()).append(':');
      failed.forEach((key, why) -> message.append("\n  ").append(key.describe()).append(": ").append(why));
      unavailable(message.toString(), "Fix the secrets or the key list (SECRETS_KEYS, SECRETS_PROPERTIES).");
    }
    Log.debug("secrets resolved at " + elapsedMs(start) + " ms");
    try {
      Lookups lookups = new Lookups(keys);
      hooks.join().install(inst, lookups::install);
    } catch (Throwable e) {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      unavailable("the agent could not patch java.lang.System on this JVM (" + cause + ")", "Report this with the output of java -version.");
      return;
    }
    store.startRefreshing();
    Log.info((keys.size() - failed.size()) + " of " + keys.size() + " managed keys served from " + backend.describe()
        + (config.refreshEnabled() ? ", refreshed every " + config.refreshInterval().toString().substring(2).toLowerCase(java.util.Locale.ROOT) : ", refresh off")
        + " (start-up " + elapsedMs(start) + " ms)");
  }

  /** @return null when the probe passed, else why not */
  private String probe(ThreadPoolExecutor fetchers, long deadline) {
    CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
      try {
        backend.probe();
      } catch (BackendException e) {
        throw new CompletionException(e);
      }
    }, fetchers);
    try {
      probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      return "no answer from " + backend.probeDescription() + " within the start-up budget of "
          + config.startupTimeout().toMillis() + " ms (SECRETS_STARTUP_TIMEOUT)";
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
      Exit.refuse(Exit.UNAVAILABLE, "cannot start: " + what + "\n" + advice
          + " SECRETS_FAIL_FAST=false starts the application anyway, with the JDK's own values for unresolved keys.", null);
    } else {
      Log.warn(what + "\n" + advice + " Starting anyway (SECRETS_FAIL_FAST=false): unresolved keys get the JDK's own values.");
    }
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
