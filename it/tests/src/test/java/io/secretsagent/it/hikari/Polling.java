package io.secretsagent.it.hikari;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, with a deadline; never a fixed sleep. */
final class Polling {

  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Polling() {}

  /** Polls {@code condition} every 5 ms; fails the test after {@link #TIMEOUT}. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, e);
      }
    }
  }
}
