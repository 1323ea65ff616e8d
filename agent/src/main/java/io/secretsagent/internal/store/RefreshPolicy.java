package io.secretsagent.internal.store;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to refresh a secret next. Every delay is jittered (plus or minus 10%), so that a fleet
 * started together does not refresh together; after failures the delay backs off exponentially from
 * {@code backoffBase} up to the refresh interval, and never undercuts a backend's {@code
 * Retry-After} up to {@link #longestWait}. A secret that expires is renewed from its lifetime
 * ({@link #renewal}), and its retries never pass the expiry untried.
 */
public final class RefreshPolicy {
  static final double JITTER = 0.10;

  /** The longest {@code Retry-After} honoured when refresh is off or more frequent than this. */
  static final Duration LONGEST_WAIT = Duration.ofHours(1);

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

  /**
   * The longest wait the agent honours when a backend asks it to wait: the refresh interval, and at
   * least an hour. A larger {@code Retry-After} (a misconfigured proxy's, or years) would stop
   * every refresh of the agent for good; a backend still throttling then answers {@code 429} again.
   */
  public Duration longestWait() {
    return interval.compareTo(LONGEST_WAIT) > 0 ? interval : LONGEST_WAIT;
  }

  /** {@code retryAfter} as honoured: at most {@link #longestWait}; null stays null. */
  public Duration honoured(Duration retryAfter) {
    return retryAfter == null ? null : min(retryAfter, longestWait());
  }

  /** The delay after a successful refresh. */
  public Duration next() {
    return jitter(interval);
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
    Duration wait = honoured(retryAfter);
    if (wait != null && delay.compareTo(wait) < 0) {
      delay = atLeast(wait);
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
    return Duration.ofNanos((long) (nanos(lifetime) * factor));
  }

  /**
   * A delay no shorter than {@code floor}, jittered upwards only (up to 10%): never ask again
   * before the backend said we may, and not all at the same instant either.
   */
  public Duration atLeast(Duration floor) {
    return Duration.ofNanos((long) (nanos(floor) * (1 + random.nextDouble() * JITTER)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Duration jitter(Duration d) {
    double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
    return Duration.ofNanos((long) (nanos(d) * factor));
  }

  /**
   * {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE} (292 years) instead of throwing:
   * a backend's lifetime or wait must never end a schedule with an ArithmeticException. A product
   * in double cast back to long saturates the same way.
   */
  static long nanos(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }
}
