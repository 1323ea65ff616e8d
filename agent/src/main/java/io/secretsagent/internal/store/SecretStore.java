package io.secretsagent.internal.store;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.secretsagent.internal.Log;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private volatile LoadingCache<SecretRef, Secret> cache;

  public SecretStore(SecretsBackend backend, List<ManagedKey> keys, RefreshPolicy policy, Scheduler scheduler, Executor executor) {
    this.backend = backend;
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
      lines.add(key.describe() + ": version " + version(ref) + ", served " + (key.value() != null)
          + ", last refresh " + lastRefresh.getOrDefault(ref, null) + ", failed refreshes " + failuresTotal.getOrDefault(ref, 0)
          + ", rotations " + rotations.getOrDefault(ref, 0));
    }
    return lines;
  }

  public void addListener(RotationListener listener) {
    listeners.add(listener);
  }

  /**
   * Fetches every secret in parallel, within {@code budget}, and serves what was fetched.
   *
   * @return the keys that could not be served, each with the reason (never a value)
   */
  public Map<ManagedKey, String> resolve(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    Map<SecretRef, CompletableFuture<Secret>> fetches = new LinkedHashMap<>();
    for (SecretRef ref : keysByRef.keySet()) {
      fetches.put(ref, CompletableFuture.supplyAsync(() -> fetch(ref, deadline), executor));
    }
    Map<ManagedKey, String> failed = new LinkedHashMap<>();
    for (Map.Entry<SecretRef, CompletableFuture<Secret>> fetch : fetches.entrySet()) {
      String problem;
      try {
        Secret secret = fetch.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        problem = publish(fetch.getKey(), secret);
      } catch (TimeoutException e) {
        String last = lastStartupFailure.get(fetch.getKey());
        problem = last != null ? last + " (retried until the start-up budget, SECRETS_STARTUP_TIMEOUT, ran out)"
            : "no answer from " + backend.describe() + " within the start-up budget (SECRETS_STARTUP_TIMEOUT);"
            + " check the backend's health and latency, or raise SECRETS_STARTUP_TIMEOUT";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "interrupted";
      } catch (Exception e) {
        problem = e.getCause() instanceof BackendException b ? b.getMessage() : String.valueOf(e.getCause());
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
    return cache().refresh(ref).whenComplete((secret, error) -> {
      boolean rotated;
      synchronized (this) { // callers joining one refresh each get here: announce a change once
        rotated = secret != null && !secret.sameAs(current.get(ref)) && publish(ref, secret) == null;
      }
      if (rotated) {
        Log.info("secret '" + ref + "' rotated" + (secret.version() == null ? "" : " to version " + secret.version()));
        rotations.merge(ref, 1, Integer::sum);
        announce(ref);
      }
    });
  }

  private void scheduledRefresh(SecretRef ref) {
    refresh(ref).whenComplete((secret, error) -> {
      int failed = failures.getOrDefault(ref, 0);
      scheduler.schedule(() -> scheduledRefresh(ref), failed == 0 ? policy.next() : policy.afterFailure(failed, lastRetryAfter.get(ref)));
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
      try {
        Secret secret = backend.fetch(ref);
        lastRefresh.put(ref, Instant.now());
        Integer before = failures.remove(ref);
        lastRetryAfter.remove(ref);
        if (before != null) {
          Log.info("secret '" + ref + "' is served from " + backend.describe() + " again after " + before + " failed refresh(es)");
        }
        return secret;
      } catch (BackendException | RuntimeException e) {
        int count = failures.merge(ref, 1, Integer::sum);
        failuresTotal.merge(ref, 1, Integer::sum);
        Duration retryAfter = e instanceof BackendException b ? b.retryAfter() : null;
        if (retryAfter != null) {
          lastRetryAfter.put(ref, retryAfter);
        }
        if (count == 1) {
          Log.warn("refreshing secret '" + ref + "' failed, the last good value is still served for " + keyNames(ref) + ": "
              + e.getMessage());
        } else {
          Log.debug("refreshing secret '" + ref + "' failed again (" + count + " in a row): " + e.getMessage(), e);
        }
        return old;
      }
    }
  }

  /**
   * Fetches at start-up, retrying transient failures (unreachable, throttled, 5xx) with backoff
   * and never before a {@code Retry-After}, while the budget allows another attempt.
   */
  private Secret fetch(SecretRef ref, long deadline) {
    for (int attempt = 1; ; attempt++) {
      try {
        return backend.fetch(ref);
      } catch (BackendException e) {
        lastStartupFailure.put(ref, e.getMessage()); // what to report if the budget runs out on the next attempt
        Duration wait = policy.afterFailure(attempt, e.retryAfter());
        if (!e.isTransient() || System.nanoTime() + wait.toNanos() >= deadline) {
          throw new CompletionException(e);
        }
        Log.debug("fetching secret '" + ref + "' failed, retrying in " + wait.toMillis() + " ms: " + e.getMessage());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new CompletionException(e);
        }
      }
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
        values[i] = key.field() == null ? secret.value() : JsonField.select(secret.value(), key.field(), ref.name());
      }
    } catch (BackendException e) {
      if (current.containsKey(ref)) {
        Log.warn("new version of secret '" + ref + "' is not used, the last good value is still served: " + e.getMessage());
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

  private void announce(SecretRef ref) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ManagedKey key : keysByRef.get(ref)) {
      values.put(key.name(), key.value());
    }
    for (RotationListener listener : listeners) {
      try {
        listener.rotated(ref, values);
      } catch (RuntimeException e) {
        Log.warn("a rotation listener failed for secret '" + ref + "': " + e, e);
      }
    }
  }
}
