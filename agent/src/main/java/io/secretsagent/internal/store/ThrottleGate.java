package io.secretsagent.internal.store;

import io.secretsagent.spi.BackendException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds back every request of one agent while its backend has asked it to wait: a {@code 429}
 * with {@code Retry-After} answers the client, not one secret, so the agent's other fetches and
 * refreshes must not go out before that time either (a fleet that ignores this keeps a
 * throttled vault throttled).
 */
final class ThrottleGate {

  private final LongSupplier ticker;
  private long openAt;
  private BackendException reason;

  /** @param ticker nanoseconds, {@link System#nanoTime} or a test's clock */
  ThrottleGate(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** Records a failure; one that carries a {@code Retry-After} closes the gate until then. */
  synchronized void record(BackendException e) {
    if (e.retryAfter() == null || e.retryAfter().isNegative()) {
      return;
    }
    long until = ticker.getAsLong() + e.retryAfter().toNanos();
    if (reason == null || until - openAt > 0) {
      openAt = until;
      reason = e;
    }
  }

  /** How long requests must still wait; zero when they may go. */
  synchronized Duration remaining() {
    if (reason == null) {
      return Duration.ZERO;
    }
    long left = openAt - ticker.getAsLong();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** The failure that closed the gate last, or null. */
  synchronized BackendException reason() {
    return reason;
  }
}
