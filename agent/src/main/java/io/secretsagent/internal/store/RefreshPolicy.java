package io.secretsagent.internal.store;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to refresh a secret next. Every delay is jittered (plus or minus 10%), so that a fleet
 * started together does not refresh together; after failures the delay backs off exponentially from
 * {@code backoffBase} up to the refresh interval, and never undercuts a backend's {@code
 * Retry-After}.
 */
public final class RefreshPolicy {
  static final double JITTER = 0.10;

  private final Duration interval;
  private final Duration backoffBase;
  private final RandomGenerator random;

  public RefreshPolicy(Duration interval, Duration backoffBase, RandomGenerator random) {
    this.interval = interval;
    this.backoffBase = backoffBase;
    this.random = random;
  }

  public Duration interval() {
    return interval;
  }

  /** The delay after a successful refresh. */
  public Duration next() {
    return jitter(interval);
  }

  /**
   * The delay after {@code failures} consecutive failed refreshes.
   *
   * @param retryAfter what the backend asked for, or null
   */
  public Duration afterFailure(int failures, Duration retryAfter) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    Duration backoff = backoffBase.multipliedBy(1L << shift);
    if (!interval.isZero() && backoff.compareTo(interval) > 0) {
      backoff = interval;
    }
    Duration delay = jitter(backoff);
    if (retryAfter != null && delay.compareTo(retryAfter) < 0) {
      delay = atLeast(retryAfter);
    }
    return delay;
  }

  /**
   * A delay no shorter than {@code floor}, jittered upwards only (up to 10%): never ask again
   * before the backend said we may, and not all at the same instant either.
   */
  public Duration atLeast(Duration floor) {
    return Duration.ofNanos((long) (floor.toNanos() * (1 + random.nextDouble() * JITTER)));
  }

  private Duration jitter(Duration d) {
    double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
    return Duration.ofNanos((long) (d.toNanos() * factor));
  }
}
