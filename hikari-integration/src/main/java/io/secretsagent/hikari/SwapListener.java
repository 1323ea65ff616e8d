package io.secretsagent.hikari;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Hears what a {@link CredentialSwapper} does, for logs and metrics. Called on the thread that did
 * the work; must be quick and must not throw. No method receives a password.
 */
public interface SwapListener {

  /** A listener that ignores everything. */
  SwapListener NONE = new SwapListener() {};

  /**
   * The new credentials were applied to the pool and its connections soft-evicted.
   *
   * @param poolName the pool's name
   * @param username the username now in use
   * @param attempts how many validation logins it took, at least 1
   */
  default void applied(String poolName, String username, int attempts) {}

  /**
   * A validation login with the new credentials failed; the pool keeps its current ones and the
   * login is tried again after {@code retryIn}.
   *
   * @param poolName the pool's name
   * @param username the username that was tried
   * @param failure what the driver threw: a login rejection (see {@link LoginFailures}) or another
   *     failure such as an unreachable server
   * @param attempt the number of the failed attempt, from 1
   * @param retryIn the delay before the next attempt
   */
  default void retrying(
      String poolName, String username, SQLException failure, int attempt, Duration retryIn) {}
}
