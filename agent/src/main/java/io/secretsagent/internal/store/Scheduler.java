package io.secretsagent.internal.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's time: runs a task after a delay, and tells the time. Everything that waits, backs off
 * or expires reads the time here, so that tests drive it with one fake clock instead of sleeping
 * ({@code harness/FakeScheduler}).
 */
public interface Scheduler {

  void schedule(Runnable task, Duration delay);

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: deadlines, delays, expiry. */
  long nanoTime();

  /** Wall-clock time, for what people read (last refresh, expiry in JMX). */
  Instant now();

  /** Real time, on {@code timer}'s thread. */
  static Scheduler on(ScheduledExecutorService timer) {
    return new Scheduler() {
      @Override
      public void schedule(Runnable task, Duration delay) {
        timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Instant now() {
        return Instant.now();
      }
    };
  }
}
