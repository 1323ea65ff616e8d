package io.secretsagent.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * An exception that ends one of the agent's threads is logged as one line through {@link Log}, not
 * printed with its stack trace by the thread group on the application's stderr.
 */
class AgentThreadsTest {

  @Test
  void everyAgentThreadHasTheAgentsUncaughtExceptionHandler() throws Exception {
    Thread named = AgentThreads.named("test-").newThread(() -> {});
    assertNotSame(named.getThreadGroup(), named.getUncaughtExceptionHandler());
    ThreadPoolExecutor fetchers = AgentThreads.fetchers(1);
    try {
      Thread pooled = fetchers.getThreadFactory().newThread(() -> {});
      assertNotSame(pooled.getThreadGroup(), pooled.getUncaughtExceptionHandler());
    } finally {
      fetchers.shutdownNow();
    }
    AgentThreads.uncaught(named, new IllegalStateException("never thrown further")); // no throw
  }
}
