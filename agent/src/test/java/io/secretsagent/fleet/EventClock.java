package io.secretsagent.fleet;

import io.secretsagent.internal.store.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Discrete-event time: tasks run in order of their due time, and time jumps to each; no sleeping.
 */
final class EventClock implements Scheduler {

  private record Event(long due, long seq, Runnable task) {}

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  /** Nanoseconds since the simulation began. */
  long now() {
    return now;
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    queue.add(new Event(now + Math.max(0, delay.toNanos()), seq++, task));
  }

  /** Runs every event, in time order, until none is left or {@code limit} is reached. */
  void run(Duration limit) {
    while (!queue.isEmpty() && queue.peek().due <= limit.toNanos()) {
      Event e = queue.poll();
      now = e.due;
      e.task.run();
    }
  }
}
