package io.secretsagent.pool;

import java.util.concurrent.ScheduledExecutorService;

/** A pool the application built, before the agent binds it. Never shows a credential. */
public interface FoundPool {

  /** The pool's name, as the application (or the library) gave it. */
  String name();

  /**
   * Whether the pool is running. A pool announced from inside its own constructor may not be yet;
   * the agent asks again, for a bounded time.
   */
  boolean started();

  /** The username the pool logs in with, or null. */
  String username();

  /** The password the pool logs in with, or null; compared with served values, never logged. */
  String password();

  /**
   * Where the pool holds {@code value} outside its password, where it cannot change at run time:
   * for example {@code "JDBC URL"}, or null.
   */
  String whereElse(String value);

  /**
   * Starts following: from now on {@link BoundPool#applyCredentials} moves the pool, and {@code
   * events} hears of its rejected logins and of its end.
   *
   * @param scheduler runs the integration's retries and polls; not shut down by it
   * @throws IllegalStateException when the pool cannot take new credentials at run time; the
   *     message names the pool and the fix, never a credential
   */
  BoundPool bind(PoolEvents events, ScheduledExecutorService scheduler);
}
