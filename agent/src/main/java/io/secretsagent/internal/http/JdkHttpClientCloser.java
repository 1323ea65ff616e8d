package io.secretsagent.internal.http;

import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Log;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shuts down a {@code java.net.http.HttpClient} (the agent's own, or the one inside azure-core's
 * client), so that a short-lived JVM does not wait for its selector thread at exit. Best effort:
 * any failure leaves the JVM to wait, as it would without the agent's help.
 */
public final class JdkHttpClientCloser {

  private static final String INTERNAL = "jdk.internal.net.http";
  private static final Duration CLOSE_WAIT = Duration.ofMillis(250);

  private JdkHttpClientCloser() {}

  /** On JDK 17 to 20, opens the JDK client's internals to the agent (and only to it). */
  public static void prepare(Instrumentation inst) {
    if (Runtime.version().feature() >= 21) {
      return;
    }
    Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
    http.ifPresent(
        m ->
            inst.redefineModule(
                m,
                Set.of(),
                Map.of(),
                Map.of(INTERNAL, Set.of(JdkHttpClientCloser.class.getModule())),
                Set.of(),
                Map.of()));
  }

  /**
   * Stops a JDK {@code HttpClient}'s selector thread: {@code shutdownNow} on JDK 21+, else its
   * internals. Called from shutdown hooks, so it waits at most {@link #CLOSE_WAIT}: on JDK 17 the
   * client's own shutdown deadlocks with a request still in flight (its selector manager and
   * connection pool lock each other), and a hook that never returns keeps the JVM from exiting. The
   * stop runs on a daemon thread that exit does not wait for.
   */
  public static void shutdown(java.net.http.HttpClient jdkClient) {
    Thread closer =
        AgentThreads.named("secrets-agent-http-close-").newThread(() -> stop(jdkClient));
    closer.start();
    try {
      closer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stop(java.net.http.HttpClient jdkClient) {
    try {
      if (Runtime.version().feature() >= 21) {
        java.net.http.HttpClient.class
            .getMethod("shutdownNow")
            .invoke(jdkClient); // the exported type: the facade is internal
        return;
      }
      Object impl = field(jdkClient, "impl"); // HttpClientFacade -> HttpClientImpl
      Object selectorManager = field(impl, "selmgr");
      Method shutdown = selectorManager.getClass().getDeclaredMethod("shutdown");
      shutdown.setAccessible(true);
      shutdown.invoke(selectorManager);
    } catch (ReflectiveOperationException | RuntimeException e) {
      Log.debug(
          "could not stop the HTTP client's selector thread; the JVM may wait for it at exit: "
              + e.getClass().getName());
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name + " in " + target.getClass().getName());
  }
}
