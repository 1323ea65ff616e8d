package io.secretsagent.harness;

import io.secretsagent.internal.store.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The agent's one fake clock for tests: tasks run in order of their due time when the test calls
 * {@link #advance}, and time jumps to each; no sleeping, no threads. Discrete-event simulations
 * (the fleet) use it the same way.
 */
public final class FakeScheduler implements Scheduler {

  /** Where the wall clock of {@link #now()} starts. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private record Task(long due, long seq, Runnable run) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long seq;

  @Override
  public void schedule(Runnable task, Duration delay) {
    delays.add(delay);
    queue.add(new Task(now + Math.max(0, delay.toNanos()), seq++, task));
  }

  /** Nanoseconds since the fake clock began. */
  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Instant now() {
    return EPOCH.plusNanos(now);
  }

  /**
   * Runs every task that falls due within {@code d}, in time order; then the clock is {@code d} on.
   */
  public void advance(Duration d) {
    long until = now + d.toNanos();
    while (!queue.isEmpty() && queue.peek().due <= until) {
      Task t = queue.poll();
      now = t.due;
      t.run.run();
    }
    now = until;
  }

  /** The delays asked for so far, oldest first; {@link List#clear()} starts afresh. */
  public List<Duration> delays() {
    return delays;
  }

  /** The tasks waiting. */
  public int pending() {
    return queue.size();
  }
}
