package io.secretsagent.internal.store;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one way a secret is fetched, at start-up and while running: callers asking for a secret whose
 * fetch is in flight join it (single-flight); no request goes out while the backend has asked this
 * agent to wait ({@link ThrottleGate}); the outcome is recorded on the {@link TrackedSecret}, a new
 * value is served and, once running, announced to the {@link RotationListener}s. While running, an
 * outage is logged once as a warning and its end once at info; at start-up, the caller reports.
 */
final class SecretFetcher {

  private final SecretsBackend backend;
  private final RefreshPolicy policy;
  private final Scheduler clock;
  private final Executor executor;
  private final ThrottleGate gate;
  private final List<RotationListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  /**
   * @param executor runs the backend's requests
   */
  SecretFetcher(SecretsBackend backend, RefreshPolicy policy, Scheduler clock, Executor executor) {
    this.backend = backend;
    this.policy = policy;
    this.clock = clock;
    this.executor = executor;
    this.gate = new ThrottleGate(clock::nanoTime, policy);
  }

  void addListener(RotationListener listener) {
    listeners.add(listener);
  }

  void removeListener(RotationListener listener) {
    listeners.remove(listener);
  }

  /** Start-up is over: from now on failures are logged per outage and changes announced. */
  void running() {
    running = true;
  }

  /** Fetches {@code secret}, or joins its fetch in flight. */
  CompletableFuture<Fetch> fetch(TrackedSecret secret) {
    CompletableFuture<Fetch> mine = new CompletableFuture<>();
    CompletableFuture<Fetch> joined = secret.joinOrStart(mine);
    if (joined != null) {
      return joined;
    }
    try {
      executor.execute(() -> run(secret, mine));
    } catch (RejectedExecutionException e) {
      secret.fetchDone();
      mine.complete(Fetch.failed(e));
    }
    return mine;
  }

  /**
   * How long to wait after {@code fetch} before asking again: while the backend asks this agent to
   * wait, until then; after a failure, the backoff, never past the served value's expiry untried.
   */
  Duration retryDelay(TrackedSecret secret, Fetch fetch) {
    Duration held = gate.remaining();
    if (!held.isZero()) {
      Duration untilExpiry = secret.untilExpiry(clock.nanoTime());
      boolean expiresFirst =
          untilExpiry != null && !untilExpiry.isNegative() && untilExpiry.compareTo(held) < 0;
      return expiresFirst ? untilExpiry : held; // never past the expiry untried
    }
    long now = clock.nanoTime();
    Secret current = secret.current();
    return policy.afterFailure(
        Math.max(1, secret.failures()),
        secret.retryAfter(),
        secret.untilExpiry(now),
        current == null ? null : current.lifetime());
  }

  private void run(TrackedSecret secret, CompletableFuture<Fetch> result) {
    Fetch outcome = null;
    try {
      outcome = fetchNow(secret);
    } catch (RuntimeException e) { // the agent's own defect: say which, and keep the schedule
      Log.warn("the fetch of secret '" + secret.ref + "' failed unexpectedly: " + e, e);
      outcome =
          Fetch.failed(
              new IllegalStateException(
                  "the fetch of secret '" + secret.ref + "' failed unexpectedly (" + e + ")", e));
    } finally {
      secret.fetchDone();
      result.complete(
          outcome != null
              ? outcome
              : Fetch.failed(
                  new IllegalStateException(
                      "the fetch of secret '" + secret.ref + "' ended with an error")));
    }
  }

  private Fetch fetchNow(TrackedSecret secret) {
    Duration held = gate.remaining();
    Duration untilExpiry = secret.untilExpiry(clock.nanoTime());
    boolean expired = untilExpiry != null && (untilExpiry.isNegative() || untilExpiry.isZero());
    if (!held.isZero() && !expired) { // an expired value is tried even while held back
      Log.debug(
          "secret '"
              + secret.ref
              + "' is not fetched now: "
              + backend.describe()
              + " asked to wait");
      return Fetch.held(gate.reason(), held);
    }
    Secret fetched;
    try {
      fetched = backend.fetch(secret.ref);
    } catch (BackendException e) {
      Fetch failure = failed(secret, e);
      gate.record(e);
      return failure;
    } catch (RuntimeException e) {
      return failed(secret, e);
    }
    return fetched(secret, fetched);
  }

  private Fetch failed(TrackedSecret secret, Exception e) {
    boolean isRunning = running;
    int count = secret.failed(e, isRunning);
    if (!isRunning) {
      return Fetch.failed(e);
    }
    String served =
        secret.current() != null
            ? "the last good value is still served for " + secret.keyNames()
            : "it was never resolved, so the JDK's own value is still served for "
                + secret.keyNames();
    if (count == 1) {
      Log.warn("refreshing secret '" + secret.ref + "' failed, " + served + ": " + e.getMessage());
    } else {
      Log.debug(
          "refreshing secret '"
              + secret.ref
              + "' failed again ("
              + count
              + " in a row): "
              + e.getMessage(),
          e);
    }
    switch (secret.expiryAlarm(clock.nanoTime())) {
      case 1 ->
          Log.warn(
              "secret '"
                  + secret.ref
                  + "' has less than a quarter of its lifetime left and could not be renewed yet;"
                  + " retrying before it expires");
      case 2 ->
          Log.error(
              "secret '"
                  + secret.ref
                  + "' has expired and no successor could be fetched; its last value is still"
                  + " served for "
                  + secret.keyNames()
                  + ", retrying");
      default -> {}
    }
    return Fetch.failed(e);
  }

  private Fetch fetched(TrackedSecret secret, Secret fetched) {
    boolean isRunning = running;
    Duration renewal =
        fetched.lifetime() == null ? null : policy.renewal(fetched.lifetime(), fetched.renewAt());
    boolean wasServed = secret.current() != null;
    int before = secret.fetched(fetched, clock.nanoTime(), clock.now(), renewal);
    if (before > 0 && isRunning) {
      Log.info(
          "secret '"
              + secret.ref
              + "' is served from "
              + backend.describe()
              + (wasServed ? " again" : " at last")
              + " after "
              + before
              + " failed refresh(es)");
    }
    if (fetched.sameAs(secret.current())) { // a renewal: the same value, a new lifetime
      secret.serve(fetched, null, false);
      return Fetch.SERVED;
    }
    String[] values;
    try {
      values = secret.valuesOf(fetched);
    } catch (BackendException e) {
      if (isRunning && secret.refuse(fetched)) {
        Log.warn(
            (wasServed
                    ? "new version of secret '"
                        + secret.ref
                        + "' is not used, the last good value is still served: "
                    : "secret '"
                        + secret.ref
                        + "' is still not served, the JDK's own value is served for "
                        + secret.keyNames()
                        + ": ")
                + e.getMessage());
      }
      return Fetch.refused(e.getMessage());
    }
    if (secret.serve(fetched, values, isRunning) && isRunning) {
      Log.info(
          "secret '"
              + secret.ref
              + "' rotated"
              + (fetched.version() == null ? "" : " to version " + fetched.version()));
      announce(secret);
    }
    return Fetch.SERVED;
  }

  private void announce(TrackedSecret secret) {
    var values = secret.values();
    for (RotationListener listener : listeners) {
      try {
        listener.rotated(secret.ref, values);
      } catch (RuntimeException e) {
        Log.warn("a rotation listener failed for secret '" + secret.ref + "': " + e, e);
      }
    }
  }
}
