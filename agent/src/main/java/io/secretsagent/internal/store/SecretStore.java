package io.secretsagent.internal.store;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The secrets behind the managed keys: resolved at start-up within a budget, then refreshed on a
 * jittered schedule, and a secret that expires is renewed from its lifetime. One {@link
 * TrackedSecret} per secret holds its state; every fetch, at start-up and while running, goes
 * through the one {@link SecretFetcher} (single-flight, throttle gate, failures logged once per
 * outage). A changed value is served on the next lookup and announced to {@link RotationListener}s;
 * a failed refresh keeps the last good value. Lookups never touch this class: they read {@link
 * ManagedKey#value()}. See ADR-018.
 */
public final class SecretStore {

  private final SecretsBackend backend;
  private final Map<SecretRef, TrackedSecret> secrets = new LinkedHashMap<>();
  private final RefreshPolicy policy;
  private final Scheduler scheduler;
  private final SecretFetcher fetcher;

  /**
   * @param scheduler runs retries and refreshes after their delay, and tells the time
   * @param executor runs the backend's requests
   */
  public SecretStore(
      SecretsBackend backend,
      List<ManagedKey> keys,
      RefreshPolicy policy,
      Scheduler scheduler,
      Executor executor) {
    this.backend = backend;
    this.policy = policy;
    this.scheduler = scheduler;
    this.fetcher = new SecretFetcher(backend, policy, scheduler, executor);
    Map<SecretRef, List<ManagedKey>> byRef = new LinkedHashMap<>();
    for (ManagedKey key : keys) {
      byRef.computeIfAbsent(key.ref(), r -> new ArrayList<>()).add(key);
    }
    byRef.forEach((ref, bound) -> secrets.put(ref, new TrackedSecret(ref, bound)));
  }

  public List<ManagedKey> keys() {
    return secrets.values().stream().flatMap(s -> s.keys.stream()).toList();
  }

  public String describeBackend() {
    return backend.describe();
  }

  /** The version served for a secret, or null (not resolved, or the backend has no versions). */
  public String version(SecretRef ref) {
    Secret secret = tracked(ref).current();
    return secret == null ? null : secret.version();
  }

  /**
   * One line per managed key for JMX: key, secret, version, last successful refresh, failed
   * refreshes, rotations, and the expiry of a credential that expires. Never a value.
   */
  public List<String> status() {
    long now = scheduler.nanoTime();
    return secrets.values().stream().flatMap(s -> s.status(now, scheduler.now()).stream()).toList();
  }

  public void addListener(RotationListener listener) {
    fetcher.addListener(listener);
  }

  public void removeListener(RotationListener listener) {
    fetcher.removeListener(listener);
  }

  /**
   * Every managed key bound to {@code ref}, by key name, as now served; what a {@link
   * RotationListener} is given.
   */
  public Map<String, String> values(SecretRef ref) {
    return tracked(ref).values();
  }

  /**
   * Fetches every secret in parallel and serves what was fetched. Transient failures (unreachable,
   * throttled, 5xx) are retried with backoff while the budget allows another attempt, never before
   * a {@code Retry-After}.
   *
   * @return completes when every secret is served or given up, at the latest when the budget runs
   *     out (on the scheduler, even if a request hangs), with the keys that could not be served,
   *     each with the reason (never a value)
   */
  public CompletableFuture<Map<ManagedKey, String>> resolve(Duration budget) {
    long deadline = scheduler.nanoTime() + budget.toNanos();
    Map<TrackedSecret, CompletableFuture<String>> outcomes = new LinkedHashMap<>();
    for (TrackedSecret secret : secrets.values()) {
      CompletableFuture<String> outcome = new CompletableFuture<>();
      outcomes.put(secret, outcome);
      resolve(secret, deadline, outcome);
    }
    CompletableFuture<Map<ManagedKey, String>> report = new CompletableFuture<>();
    CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
        .thenRun(() -> report.complete(unserved(outcomes)));
    if (!report.isDone()) {
      scheduler.schedule(() -> report.complete(unserved(outcomes)), budget);
    }
    return report;
  }

  /** Fetches at start-up until served, given up, or another attempt would pass the deadline. */
  private void resolve(TrackedSecret secret, long deadline, CompletableFuture<String> outcome) {
    fetcher
        .fetch(secret)
        .thenAccept(
            fetch -> {
              if (fetch.problem() == null || !fetch.isTransient()) {
                outcome.complete(fetch.problem());
                return;
              }
              Duration wait = fetcher.retryDelay(secret, fetch);
              if (scheduler.nanoTime() + wait.toNanos() - deadline >= 0) {
                outcome.complete(fetch.problem());
                return;
              }
              Log.debug(
                  "fetching secret '"
                      + secret.ref
                      + "' failed, retrying in "
                      + wait.toMillis()
                      + " ms: "
                      + fetch.problem());
              scheduler.schedule(() -> resolve(secret, deadline, outcome), wait);
            });
  }

  /** The keys not served, with the reason: an attempt still running names the last failure. */
  private Map<ManagedKey, String> unserved(Map<TrackedSecret, CompletableFuture<String>> outcomes) {
    Map<ManagedKey, String> failed = new LinkedHashMap<>();
    outcomes.forEach(
        (secret, outcome) -> {
          String problem;
          if (outcome.isDone()) {
            problem = outcome.join();
          } else if (secret.current() != null) {
            problem = null; // served just now, as the budget ran out
          } else if (secret.lastFailure() != null) {
            problem =
                secret.lastFailure()
                    + " (retried until the start-up budget, "
                    + Setting.STARTUP_TIMEOUT.environmentName()
                    + ", ran out)";
          } else {
            problem =
                "no answer from "
                    + backend.describe()
                    + " within the start-up budget ("
                    + Setting.STARTUP_TIMEOUT.environmentName()
                    + ");"
                    + " check the backend's health and latency, or raise "
                    + Setting.STARTUP_TIMEOUT.environmentName();
          }
          if (problem != null) {
            secret.keys.forEach(key -> failed.put(key, problem));
          }
        });
    return failed;
  }

  /**
   * Start-up is over: refreshes every secret that is not pinned to a version on the jittered
   * interval (unless refresh is off), and renews every secret that expires from its lifetime.
   */
  public void startRefreshing() {
    fetcher.running();
    for (TrackedSecret secret : secrets.values()) {
      secret.startRunning();
      Duration first = nextAfterSuccess(secret);
      if (first != null) {
        scheduler.schedule(() -> scheduledRefresh(secret), first);
      }
    }
  }

  /**
   * Refreshes one secret now, for example because a database rejected its password; joins the fetch
   * already in flight, if any.
   *
   * @return the secret served afterwards (the last good one when the fetch failed), or null
   */
  public CompletableFuture<Secret> refresh(SecretRef ref) {
    TrackedSecret secret = tracked(ref);
    return fetcher.fetch(secret).thenApply(fetch -> secret.current());
  }

  /**
   * One refresh of the schedule, and the next one: whatever throws on the way is logged and the
   * secret rescheduled after the refresh interval (or the longest wait when refresh is off), so a
   * schedule never ends silently.
   */
  private void scheduledRefresh(TrackedSecret secret) {
    try {
      fetcher.fetch(secret).whenComplete((fetch, thrown) -> scheduleNext(secret, fetch, thrown));
    } catch (RuntimeException e) {
      scheduleNext(secret, null, e);
    }
  }

  private void scheduleNext(TrackedSecret secret, Fetch fetch, Throwable thrown) {
    Duration next;
    try {
      if (thrown != null) {
        throw thrown instanceof RuntimeException r ? r : new IllegalStateException(thrown);
      }
      next =
          fetch.isFailure() || fetch.held() != null
              ? fetcher.retryDelay(secret, fetch)
              : nextAfterSuccess(secret);
    } catch (RuntimeException e) {
      next = policy.interval().isZero() ? policy.longestWait() : policy.next();
      Log.warn(
          "the refresh schedule of secret '"
              + secret.ref
              + "' failed unexpectedly ("
              + e
              + "); it is refreshed again in "
              + next.toSeconds()
              + " s",
          e);
    }
    if (next != null) {
      scheduler.schedule(() -> scheduledRefresh(secret), next);
    }
  }

  /**
   * The sooner of the jittered interval (for a secret that follows the latest version, refresh on)
   * and the renewal of a secret that expires; null when neither applies.
   */
  private Duration nextAfterSuccess(TrackedSecret secret) {
    Duration renewal = secret.untilRenewal(scheduler.nanoTime());
    if (secret.ref.isPinned() || policy.interval().isZero()) {
      return renewal;
    }
    Duration regular = policy.next();
    return renewal != null && renewal.compareTo(regular) < 0 ? renewal : regular;
  }

  private TrackedSecret tracked(SecretRef ref) {
    TrackedSecret secret = secrets.get(ref);
    if (secret == null) {
      throw new IllegalArgumentException("secret '" + ref + "' is not managed");
    }
    return secret;
  }
}
