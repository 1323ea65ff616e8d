package io.secretsagent.internal.store;

import io.secretsagent.spi.BackendException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds back every request of one agent while its backend has asked it to wait: a {@code 429} with
 * {@code Retry-After} answers the client, not one secret, so the agent's other fetches and
 * refreshes must not go out before that time either (a fleet that ignores this keeps a throttled
 * vault throttled). The gate reopens after the {@code Retry-After} plus one jitter per agent, and
 * the held requests then go together: jittering each request instead spreads a window's quota over
 * every agent, so that few get all their secrets (measured in {@code FleetSimulationTest}). A
 * secret whose served value expires before the gate reopens is still tried once at its expiry
 * ({@link SecretFetcher}).
 */
final class ThrottleGate {

  private final LongSupplier ticker;
  private final RefreshPolicy policy;
  private long asked;
  private long openAt;
  private BackendException reason;

  /**
   * @param ticker nanoseconds, {@link System#nanoTime} or a test's clock
   */
  ThrottleGate(LongSupplier ticker, RefreshPolicy policy) {
    this.ticker = ticker;
    this.policy = policy;
  }

  /**
   * Records a failure; one that carries a {@code Retry-After} closes the gate until then, but at
   * most for {@link RefreshPolicy#longestWait} (plus its jitter): the agent-wide gate must never
   * stop every refresh for good. The arithmetic is on nanoTime's scale, whose differences wrap.
   */
  synchronized void record(BackendException e) {
    Duration wait = policy.honoured(e.retryAfter());
    if (wait == null || wait.isNegative()) {
      return;
    }
    long now = ticker.getAsLong();
    long until = now + wait.toNanos();
    if (reason == null || until - asked > 0) {
      asked = until;
      openAt = now + policy.atLeast(wait).toNanos();
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
