package io.secretsagent.internal.http;

import io.secretsagent.internal.runtime.Log;
import java.lang.instrument.Instrumentation;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The lifecycle of the agent's HTTP clients: start-up {@linkplain #prepare prepares} it once when
 * the backend declares that it uses the JDK's {@code HttpClient} ({@code
 * SecretsBackendProvider.usesJdkHttpClient()}), registering the agent's one shutdown hook, {@code
 * secrets-agent-close}; clients register themselves when they are built, and the hook closes them,
 * newest first, so that a short-lived JVM does not wait for their selector threads.
 */
public final class HttpClients {

  private static final Deque<AutoCloseable> OPEN = new ConcurrentLinkedDeque<>();
  private static boolean hooked; // guarded by HttpClients.class

  private HttpClients() {}

  /**
   * Called once by start-up: opens the JDK client's internals on JDK 17-20 ({@link
   * JdkHttpClientCloser#prepare}) and registers the shutdown hook.
   *
   * @param inst null where there is no instrumentation ({@code check})
   */
  public static void prepare(Instrumentation inst) {
    if (inst != null) {
      try {
        JdkHttpClientCloser.prepare(inst);
      } catch (RuntimeException | LinkageError e) {
        Log.debug("cannot open java.net.http internals: " + e.getClass().getName());
      }
    }
    synchronized (HttpClients.class) {
      if (hooked) {
        return;
      }
      hooked = true;
    }
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(HttpClients::closeAll, "secrets-agent-close"));
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting
    }
  }

  /** Closes {@code client} when the JVM exits (when start-up has prepared the hook). */
  public static void closeAtExit(AutoCloseable client) {
    OPEN.push(client);
  }

  static void closeAll() {
    for (AutoCloseable c = OPEN.poll(); c != null; c = OPEN.poll()) {
      try {
        c.close();
      } catch (Exception | LinkageError e) {
        Log.debug("closing an HTTP client at exit failed: " + e.getClass().getName());
      }
    }
  }
}
