package io.secretsagent.hikari.internal;

import java.time.Duration;

/** Delays that double from {@code initial} up to {@code max}: attempt 1 waits {@code initial}. */
public final class Backoff {

  private final Duration initial;
  private final Duration max;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " must not be below initial " + initial);
    }
    this.initial = initial;
    this.max = max;
  }

  /** The delay after failed attempt number {@code attempt} (from 1). */
  public Duration after(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    Duration delay = initial.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
  }
}
