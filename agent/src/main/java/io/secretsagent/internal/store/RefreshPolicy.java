package io.secretsagent.internal.store;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to refresh a secret next. Every delay is jittered (plus or minus 10%), so that a fleet
 * started together does not refresh together; after failures the delay backs off exponentially from
 * {@code backoffBase} up to the refresh interval, and never undercuts a backend's {@code
 * Retry-After}. A secret that expires is renewed from its lifetime ({@link #renewal}), and its
 * retries never pass the expiry untried.
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
    return afterFailure(failures, retryAfter, null, null);
  }

  /**
   * The delay after {@code failures} consecutive failed fetches of a secret that may expire: the
   * backoff, but never past the expiry without another try (at most half the time left, and at
   * least {@code backoffBase} or what is left), and after the expiry at most one {@code lifetime}.
   * A {@code Retry-After} is never undercut.
   *
   * @param retryAfter what the backend asked for, or null
   * @param untilExpiry time left until the served value expires (negative once expired), or null
   *     when it does not expire
   * @param lifetime the served value's lifetime, when {@code untilExpiry} is not null
   */
  public Duration afterFailure(
      int failures, Duration retryAfter, Duration untilExpiry, Duration lifetime) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    Duration backoff = backoffBase.multipliedBy(1L << shift);
    if (!interval.isZero() && backoff.compareTo(interval) > 0) {
      backoff = interval;
    }
    Duration delay = jitter(backoff);
    if (untilExpiry != null) {
      Duration cap =
          untilExpiry.isNegative() || untilExpiry.isZero()
              ? lifetime
              : max(untilExpiry.dividedBy(2), min(untilExpiry, backoffBase));
      delay = min(delay, cap);
    }
    if (retryAfter != null && delay.compareTo(retryAfter) < 0) {
      delay = atLeast(retryAfter);
    }
    return delay;
  }

  /**
   * When to fetch the successor of a secret valid for {@code lifetime}: at the latest when {@code
   * renewAt} of it has passed, jittered earlier by up to 20%, so that a fleet whose credentials
   * were issued together does not renew them together.
   */
  public Duration renewal(Duration lifetime, double renewAt) {
    double factor = renewAt * (1 - random.nextDouble() * 2 * JITTER);
    return Duration.ofNanos((long) (lifetime.toNanos() * factor));
  }

  /**
   * A delay no shorter than {@code floor}, jittered upwards only (up to 10%): never ask again
   * before the backend said we may, and not all at the same instant either.
   */
  public Duration atLeast(Duration floor) {
    return Duration.ofNanos((long) (floor.toNanos() * (1 + random.nextDouble() * JITTER)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Duration jitter(Duration d) {
    double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
    return Duration.ofNanos((long) (d.toNanos() * factor));
  }
}
