package io.secretsagent.internal.runtime;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's threads: daemons, so they never hold a JVM open, named {@code secrets-agent-*} so a
 * thread dump shows whose they are.
 */
public final class AgentThreads implements ThreadFactory {
  private final AtomicInteger count = new AtomicInteger();
  private final String prefix;

  private AgentThreads(String prefix) {
    this.prefix = prefix;
  }

  /** Marks the agent's own threads: their lookups never wait for the agent itself. */
  private static final class AgentThread extends Thread {
    AgentThread(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
      setUncaughtExceptionHandler(AgentThreads::uncaught);
    }
  }

  /**
   * What ends one of the agent's threads is the agent's defect, not the application's: one line
   * through {@link Log} (its stack trace at debug only), never a stack trace on the host's stderr.
   * The message names the type only, as a foreign message may quote a credential.
   */
  static void uncaught(Thread thread, Throwable t) {
    try {
      Log.error(
          "thread "
              + thread.getName()
              + " of the agent ended with "
              + t.getClass().getName()
              + "; secrets may no longer be refreshed: please report it (log level debug shows"
              + " where)",
          t);
    } catch (Throwable ignored) {
      // not even one line could be written
    }
  }

  @Override
  public Thread newThread(Runnable task) {
    return new AgentThread(task, prefix + count.incrementAndGet());
  }

  public static boolean isAgentThread() {
    return Thread.currentThread() instanceof AgentThread;
  }

  /** Daemon threads named {@code prefix1}, {@code prefix2}, ... */
  public static ThreadFactory named(String prefix) {
    return new AgentThreads(prefix);
  }

  /** Runs one task on a daemon thread of its own. */
  public static void start(String name, Runnable task) {
    new AgentThread(task, name).start();
  }

  /** Fetches secrets; idle threads go away after a minute. */
  public static ThreadPoolExecutor fetchers(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new AgentThreads("secrets-agent-fetch-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Runs the refresh schedule. */
  public static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, new AgentThreads("secrets-agent-refresh-"));
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }
}
