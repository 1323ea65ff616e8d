package io.secretsagent.internal.store;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The secrets behind the managed keys: resolved once at start-up, then refreshed on a jittered
 * schedule, one request per secret at a time. A changed value is served on the next lookup and
 * announced to {@link RotationListener}s; a failed refresh keeps the last good value.
 *
 * <p>Lookups never touch this class: they read {@link ManagedKey#value()}. The Caffeine cache
 * (single-flight refresh, last good value) is built on the first refresh, not in premain, since
 * Caffeine starts {@code System.Logger} and with it {@code java.util.logging}.
 */
public final class SecretStore {

  private final SecretsBackend backend;
  private final Map<SecretRef, List<ManagedKey>> keysByRef = new LinkedHashMap<>();
  private final Map<SecretRef, Secret> current = new ConcurrentHashMap<>();
  private final Map<SecretRef, Integer> failures = new ConcurrentHashMap<>();
  private final Map<SecretRef, Integer> failuresTotal = new ConcurrentHashMap<>();
  private final Map<SecretRef, Integer> rotations = new ConcurrentHashMap<>();
  private final Map<SecretRef, Instant> lastRefresh = new ConcurrentHashMap<>();
  private final Map<SecretRef, Duration> lastRetryAfter = new ConcurrentHashMap<>();
  private final Map<SecretRef, String> lastStartupFailure = new ConcurrentHashMap<>();
  private final List<RotationListener> listeners = new CopyOnWriteArrayList<>();
  private final RefreshPolicy policy;
  private final Scheduler scheduler;
  private final Executor executor;
  private final LongSupplier ticker;
  private final ThrottleGate gate;
  private volatile LoadingCache<SecretRef, Secret> cache;

  public SecretStore(
      SecretsBackend backend,
      List<ManagedKey> keys,
      RefreshPolicy policy,
      Scheduler scheduler,
      Executor executor) {
    this(backend, keys, policy, scheduler, executor, System::nanoTime);
  }

  /**
   * @param scheduler runs retries and refreshes after their delay
   * @param executor runs the backend's requests
   * @param ticker nanoseconds for the start-up deadline and {@code Retry-After}; tests pass the
   *     clock of their {@code scheduler}
   */
  public SecretStore(
      SecretsBackend backend,
      List<ManagedKey> keys,
      RefreshPolicy policy,
      Scheduler scheduler,
      Executor executor,
      LongSupplier ticker) {
    this.backend = backend;
    this.ticker = ticker;
    this.gate = new ThrottleGate(ticker, policy);
    this.policy = policy;
    this.scheduler = scheduler;
    this.executor = executor;
    for (ManagedKey key : keys) {
      keysByRef.computeIfAbsent(key.ref(), r -> new ArrayList<>()).add(key);
    }
  }

  public List<ManagedKey> keys() {
    return keysByRef.values().stream().flatMap(List::stream).toList();
  }

  public String describeBackend() {
    return backend.describe();
  }

  /** The version served for a secret, or null (not resolved, or the backend has no versions). */
  public String version(SecretRef ref) {
    Secret secret = current.get(ref);
    return secret == null ? null : secret.version();
  }

  /**
   * One line per managed key for JMX: key, secret, version, last successful refresh, failed
   * refreshes, rotations. Never a value.
   */
  public List<String> status() {
    List<String> lines = new ArrayList<>();
    for (ManagedKey key : keys()) {
      SecretRef ref = key.ref();
      lines.add(
          key.describe()
              + ": version "
              + version(ref)
              + ", served "
              + (key.value() != null)
              + ", last refresh "
              + lastRefresh.getOrDefault(ref, null)
              + ", failed refreshes "
              + failuresTotal.getOrDefault(ref, 0)
              + ", rotations "
              + rotations.getOrDefault(ref, 0));
    }
    return lines;
  }

  public void addListener(RotationListener listener) {
    listeners.add(listener);
  }

  public void removeListener(RotationListener listener) {
    listeners.remove(listener);
  }

  /**
   * Fetches every secret in parallel, within {@code budget}, and serves what was fetched.
   *
   * @return the keys that could not be served, each with the reason (never a value)
   */
  public Map<ManagedKey, String> resolve(Duration budget) {
    long deadline = ticker.getAsLong() + budget.toNanos();
    Map<SecretRef, CompletableFuture<Secret>> fetches = startFetches(deadline);
    try {
      CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline - ticker.getAsLong()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // each fetch's own outcome is collected below
    }
    return collect(fetches);
  }

  /**
   * As {@link #resolve}, without blocking: completes when every fetch has succeeded or given up. A
   * backend call that never returns keeps it pending, so callers that must not wait past the budget
   * use {@link #resolve}.
   */
  public CompletableFuture<Map<ManagedKey, String>> resolveAsync(Duration budget) {
    Map<SecretRef, CompletableFuture<Secret>> fetches =
        startFetches(ticker.getAsLong() + budget.toNanos());
    return CompletableFuture.allOf(fetches.values().toArray(CompletableFuture[]::new))
        .handle((done, error) -> collect(fetches));
  }

  private Map<SecretRef, CompletableFuture<Secret>> startFetches(long deadline) {
    Map<SecretRef, CompletableFuture<Secret>> fetches = new LinkedHashMap<>();
    for (SecretRef ref : keysByRef.keySet()) {
      CompletableFuture<Secret> result = new CompletableFuture<>();
      fetches.put(ref, result);
      attempt(ref, 1, deadline, result);
    }
    return fetches;
  }

  /** Serves what was fetched; returns every key that could not be served, with the reason. */
  private Map<ManagedKey, String> collect(Map<SecretRef, CompletableFuture<Secret>> fetches) {
    Map<ManagedKey, String> failed = new LinkedHashMap<>();
    for (Map.Entry<SecretRef, CompletableFuture<Secret>> fetch : fetches.entrySet()) {
      CompletableFuture<Secret> result = fetch.getValue();
      String problem;
      if (!result.isDone()) {
        String last = lastStartupFailure.get(fetch.getKey());
        problem =
            last != null
                ? last + " (retried until the start-up budget, SECRETS_STARTUP_TIMEOUT, ran out)"
                : "no answer from "
                    + backend.describe()
                    + " within the start-up budget (SECRETS_STARTUP_TIMEOUT);"
                    + " check the backend's health and latency, or raise SECRETS_STARTUP_TIMEOUT";
      } else if (result.isCompletedExceptionally()) {
        Throwable cause = result.handle((secret, error) -> error).join();
        problem = cause instanceof BackendException b ? b.getMessage() : String.valueOf(cause);
      } else {
        problem = publish(fetch.getKey(), result.join());
      }
      if (problem != null) {
        for (ManagedKey key : keysByRef.get(fetch.getKey())) {
          failed.put(key, problem);
        }
      }
    }
    return failed;
  }

  /** Starts the refresh schedule of every secret that is not pinned to a version. */
  public void startRefreshing() {
    if (policy.interval().isZero()) {
      return;
    }
    for (SecretRef ref : keysByRef.keySet()) {
      if (!ref.isPinned()) {
        scheduler.schedule(() -> scheduledRefresh(ref), policy.next());
      }
    }
  }

  /**
   * Refreshes one secret now, for example because a database rejected its password; joins the
   * refresh already in flight, if any.
   */
  public CompletableFuture<Secret> refresh(SecretRef ref) {
    return cache()
        .refresh(ref)
        .whenComplete(
            (secret, error) -> {
              boolean rotated;
              synchronized (
                  this) { // callers joining one refresh each get here: announce a change once
                rotated =
                    secret != null
                        && !secret.sameAs(current.get(ref))
                        && publish(ref, secret) == null;
              }
              if (rotated) {
                Log.info(
                    "secret '"
                        + ref
                        + "' rotated"
                        + (secret.version() == null ? "" : " to version " + secret.version()));
                rotations.merge(ref, 1, Integer::sum);
                announce(ref);
              }
            });
  }

  private void scheduledRefresh(SecretRef ref) {
    Duration held = gate.remaining();
    if (!held.isZero()) {
      scheduler.schedule(() -> scheduledRefresh(ref), held);
      return;
    }
    refresh(ref)
        .whenComplete(
            (secret, error) -> {
              int failed = failures.getOrDefault(ref, 0);
              scheduler.schedule(
                  () -> scheduledRefresh(ref),
                  failed == 0
                      ? policy.next()
                      : policy.afterFailure(failed, lastRetryAfter.get(ref)));
            });
  }

  private LoadingCache<SecretRef, Secret> cache() {
    LoadingCache<SecretRef, Secret> c = cache;
    if (c == null) {
      synchronized (this) {
        if (cache == null) {
          cache = Caffeine.newBuilder().executor(executor).build(new Loader());
          cache.putAll(current);
        }
        c = cache;
      }
    }
    return c;
  }

  /**
   * Loads through the backend. A failure keeps the old value (none, for a secret never resolved)
   * and is counted and logged here, once per outage, instead of by Caffeine.
   */
  private final class Loader implements CacheLoader<SecretRef, Secret> {
    @Override
    public Secret load(SecretRef ref) {
      return reload(ref, null);
    }

    @Override
    public Secret reload(SecretRef ref, Secret old) {
      if (!gate.remaining().isZero()) {
        Log.debug(
            "secret '" + ref + "' is not refreshed now: " + backend.describe() + " asked to wait");
        return old;
      }
      try {
        Secret secret = backend.fetch(ref);
        lastRefresh.put(ref, Instant.now());
        Integer before = failures.remove(ref);
        lastRetryAfter.remove(ref);
        if (before != null) {
          Log.info(
              "secret '"
                  + ref
                  + "' is served from "
                  + backend.describe()
                  + " again after "
                  + before
                  + " failed refresh(es)");
        }
        return secret;
      } catch (BackendException | RuntimeException e) {
        int count = failures.merge(ref, 1, Integer::sum);
        failuresTotal.merge(ref, 1, Integer::sum);
        Duration retryAfter = e instanceof BackendException b ? b.retryAfter() : null;
        if (e instanceof BackendException b) {
          gate.record(b);
        }
        if (retryAfter != null) {
          lastRetryAfter.put(ref, retryAfter);
        }
        if (count == 1) {
          Log.warn(
              "refreshing secret '"
                  + ref
                  + "' failed, the last good value is still served for "
                  + keyNames(ref)
                  + ": "
                  + e.getMessage());
        } else {
          Log.debug(
              "refreshing secret '"
                  + ref
                  + "' failed again ("
                  + count
                  + " in a row): "
                  + e.getMessage(),
              e);
        }
        return old;
      }
    }
  }

  /**
   * One start-up attempt on an executor thread. Transient failures (unreachable, throttled, 5xx)
   * are retried with backoff while the budget allows another attempt, never before a {@code
   * Retry-After}; while the backend has told this agent to wait, no request goes out.
   */
  private void attempt(
      SecretRef ref, int attempt, long deadline, CompletableFuture<Secret> result) {
    try {
      executor.execute(
          () -> {
            Duration held = gate.remaining();
            BackendException failure;
            Duration wait;
            if (!held.isZero()) {
              failure = gate.reason();
              wait = held;
            } else {
              try {
                result.complete(backend.fetch(ref));
                return;
              } catch (BackendException e) {
                lastStartupFailure.put(
                    ref, e.getMessage()); // what to report if the budget runs out before the next
                // attempt
                gate.record(e);
                failure = e;
                Duration gateWait = gate.remaining();
                wait = gateWait.isZero() ? policy.afterFailure(attempt, e.retryAfter()) : gateWait;
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
              }
            }
            if (!failure.isTransient() || ticker.getAsLong() + wait.toNanos() - deadline >= 0) {
              result.completeExceptionally(failure);
              return;
            }
            Log.debug(
                "fetching secret '"
                    + ref
                    + "' failed, retrying in "
                    + wait.toMillis()
                    + " ms: "
                    + failure.getMessage());
            scheduler.schedule(
                () -> attempt(ref, held.isZero() ? attempt + 1 : attempt, deadline, result), wait);
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Serves a secret: computes every key's value first, so that a value missing a selected field
   * changes nothing.
   *
   * @return null when served, else why not
   */
  private String publish(SecretRef ref, Secret secret) {
    List<ManagedKey> keys = keysByRef.get(ref);
    String[] values = new String[keys.size()];
    try {
      for (int i = 0; i < values.length; i++) {
        ManagedKey key = keys.get(i);
        values[i] =
            key.field() == null
                ? secret.value()
                : JsonField.select(secret.value(), key.field(), ref.name());
      }
    } catch (BackendException e) {
      if (current.containsKey(ref)) {
        Log.warn(
            "new version of secret '"
                + ref
                + "' is not used, the last good value is still served: "
                + e.getMessage());
      }
      return e.getMessage();
    }
    for (int i = 0; i < values.length; i++) {
      keys.get(i).value(values[i]);
    }
    current.put(ref, secret);
    return null;
  }

  private String keyNames(SecretRef ref) {
    return String.join(", ", keysByRef.get(ref).stream().map(ManagedKey::name).toList());
  }

  /**
   * Every managed key bound to {@code ref}, by key name, as now served; what a {@link
   * RotationListener} is given.
   */
  public Map<String, String> values(SecretRef ref) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ManagedKey key : keysByRef.get(ref)) {
      values.put(key.name(), key.value());
    }
    return values;
  }

  private void announce(SecretRef ref) {
    Map<String, String> values = values(ref);
    for (RotationListener listener : listeners) {
      try {
        listener.rotated(ref, values);
      } catch (RuntimeException e) {
        Log.warn("a rotation listener failed for secret '" + ref + "': " + e, e);
      }
    }
  }
}
