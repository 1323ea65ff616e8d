package io.secretsagent.internal;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.Scheduler;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probe and the resolution of every managed key, within one deadline ({@code
 * SECRETS_STARTUP_TIMEOUT}, ADR-009): whatever a request does, the answer is in by the deadline.
 */
final class Resolution {

  /**
   * Past the deadline, the store's own report (made on the scheduler) is awaited this much more.
   */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * @param probeFailure null when the probe passed, else why not
   * @param unserved the keys not served, with the reason
   */
  record Outcome(String probeFailure, Map<ManagedKey, String> unserved) {}

  private final SecretsBackend backend;
  private final Executor fetchers;
  private final Scheduler clock;
  private final Duration budget;
  private final long deadline;

  /** Starts the budget now. */
  Resolution(SecretsBackend backend, Executor fetchers, Scheduler clock, Duration budget) {
    this.backend = backend;
    this.fetchers = fetchers;
    this.clock = clock;
    this.budget = budget;
    this.deadline = clock.nanoTime() + budget.toNanos();
  }

  /** The {@link Scheduler#nanoTime()} at which the budget runs out. */
  long deadline() {
    return deadline;
  }

  /**
   * The probe and the fetches run together: on success that saves the probe's round trips, on
   * failure the probe's verdict (which says why: unreachable, authentication) is the one reported.
   */
  Outcome probeAndResolve(SecretStore store) {
    CompletableFuture<Void> probe = startProbe();
    Map<ManagedKey, String> unserved = resolve(store);
    return new Outcome(awaitProbe(probe), unserved);
  }

  /**
   * @return null when the probe passed, else why not
   */
  String probe() {
    return awaitProbe(startProbe());
  }

  /** Resolves every key in the time left; the keys not served, with the reason. */
  Map<ManagedKey, String> resolve(SecretStore store) {
    CompletableFuture<Map<ManagedKey, String>> report = store.resolve(remaining());
    try {
      return report.get(remaining().toNanos() + GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return noAnswer(store.keys());
    } catch (ExecutionException | TimeoutException e) {
      return noAnswer(store.keys());
    }
  }

  private Map<ManagedKey, String> noAnswer(List<ManagedKey> keys) {
    Map<ManagedKey, String> unserved = new LinkedHashMap<>();
    keys.forEach(
        key ->
            unserved.put(
                key,
                "no answer from "
                    + backend.describe()
                    + " within the start-up budget ("
                    + Setting.STARTUP_TIMEOUT.environmentName()
                    + ")"));
    return unserved;
  }

  private Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - clock.nanoTime()));
  }

  private CompletableFuture<Void> startProbe() {
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

  private String awaitProbe(CompletableFuture<Void> probe) {
    try {
      probe.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      return "no answer from "
          + backend.probeDescription()
          + " within the start-up budget of "
          + budget.toMillis()
          + " ms ("
          + Setting.STARTUP_TIMEOUT.environmentName()
          + ")";
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
