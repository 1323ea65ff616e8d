package io.secretsagent.internal.store;

import java.time.Duration;

/** Runs a task after a delay; tests use a fake clock instead of waiting. */
@FunctionalInterface
public interface Scheduler {
  void schedule(Runnable task, Duration delay);
}
