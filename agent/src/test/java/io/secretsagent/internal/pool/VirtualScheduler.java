package io.secretsagent.internal.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time: nothing runs until the test advances the clock, then every task due
 * runs, in order, on the test's thread. Its {@link #nanoTime()} is the clock the code under test
 * reads.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long seq;

  synchronized long nanoTime() {
    return now;
  }

  /** Moves the clock forward by {@code step}, running each task as its time comes. */
  void advance(Duration step) {
    long until;
    synchronized (this) {
      until = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled);
        next =
            tasks.stream()
                .filter(t -> t.due <= until)
                .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq))
                .orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = next.due;
      }
      next.command.run();
      synchronized (this) {
        if (next.period > 0 && !next.cancelled) {
          next.due = now + next.period;
          next.seq = seq++;
          tasks.add(next); // the same object: cancelling what the caller holds ends it
        }
      }
    }
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  synchronized int pending() {
    tasks.removeIf(t -> t.cancelled);
    return tasks.size();
  }

  private synchronized Task add(Runnable command, long delayNanos, long period) {
    Task task = new Task(command, now + Math.max(0, delayNanos), seq++, period);
    tasks.add(task);
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
    throw new UnsupportedOperationException();
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
    long due; // guarded by the scheduler
    long seq; // guarded by the scheduler
    final long period;
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
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
