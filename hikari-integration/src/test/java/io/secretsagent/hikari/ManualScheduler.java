package io.secretsagent.hikari;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler that runs nothing until the test says so; time is whatever the test decides. */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final List<Task> tasks = new ArrayList<>();

  /** Delays of the tasks waiting, in scheduling order. */
  synchronized List<Long> pendingDelaysMillis() {
    return tasks.stream().filter(t -> !t.cancelled).map(t -> t.delayNanos / 1_000_000).toList();
  }

  /** Runs the waiting task with the shortest delay; false if none waits. */
  boolean runNext() {
    Task next;
    synchronized (this) {
      tasks.removeIf(t -> t.cancelled);
      next = tasks.stream().min(Comparator.comparingLong(t -> t.delayNanos)).orElse(null);
      if (next == null) {
        return false;
      }
      tasks.remove(next);
    }
    next.command.run();
    return true;
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(command, unit.toNanos(delay));
    tasks.add(task);
    return task;
  }

  @Override
  public synchronized ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    Task[] self = new Task[1];
    self[0] =
        new Task(
            () -> {
              command.run();
              synchronized (this) {
                if (!self[0].cancelled) {
                  tasks.add(self[0]); // again, until cancelled
                }
              }
            },
            unit.toNanos(delay));
    tasks.add(self[0]);
    return self[0];
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
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

  private static final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long delayNanos;
    volatile boolean cancelled;

    Task(Runnable command, long delayNanos) {
      this.command = command;
      this.delayNanos = delayNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
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
