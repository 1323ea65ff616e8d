package io.secretsagent.harness;

import io.secretsagent.internal.store.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one fake clock for tests: tasks run in order of their due time when the test calls
 * {@link #advance}, on the test's thread, and time jumps to each; no sleeping. It is both the
 * store's {@link Scheduler} and, for code that takes one (the pool binding), a {@link
 * ScheduledExecutorService} whose futures can be cancelled and whose fixed-delay tasks repeat.
 * Discrete-event simulations (the fleet) use it the same way.
 */
public final class FakeScheduler extends AbstractExecutorService
    implements Scheduler, ScheduledExecutorService {

  /** Where the wall clock of {@link #now()} starts. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final List<Duration> delays = new ArrayList<>();
  private long now;
  private long seq;

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    delays.add(delay);
    add(task, delay.toNanos(), 0);
  }

  /** Nanoseconds since the fake clock began. */
  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant now() {
    return EPOCH.plusNanos(now);
  }

  /**
   * Runs every task that falls due within {@code d}, in time order; then the clock is {@code d} on.
   */
  public void advance(Duration d) {
    long until;
    synchronized (this) {
      until = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > until) {
          now = until;
          return;
        }
        queue.poll();
        if (next.cancelled) {
          continue;
        }
        now = next.due;
      }
      next.command.run();
      synchronized (this) {
        if (next.period > 0 && !next.cancelled) { // the same object: cancelling it ends the repeats
          next.due = now + next.period;
          next.seq = seq++;
          queue.add(next);
        }
      }
    }
  }

  /** Runs what is due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The delays asked for through {@link #schedule(Runnable, Duration)}, oldest first. */
  public synchronized List<Duration> delays() {
    return delays;
  }

  /** The tasks waiting, cancelled ones not counted. */
  public synchronized int pending() {
    queue.removeIf(t -> t.cancelled);
    return queue.size();
  }

  private synchronized Task add(Runnable command, long delayNanos, long period) {
    Task task = new Task(command, now + Math.max(0, delayNanos), seq++, period);
    queue.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the code under test");
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0);
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long period;
    long due; // guarded by the scheduler
    long seq; // guarded by the scheduler
    volatile boolean cancelled;

    Task(Runnable command, long due, long seq, long period) {
      this.command = command;
      this.due = due;
      this.seq = seq;
      this.period = period;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("not needed by the code under test");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("not needed by the code under test");
    }
  }
}
