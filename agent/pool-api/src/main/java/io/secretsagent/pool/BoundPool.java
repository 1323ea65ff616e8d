package io.secretsagent.pool;

import java.util.concurrent.CompletionStage;

/** A pool the agent follows. */
public interface BoundPool extends AutoCloseable {

  /**
   * Moves the pool to new credentials, once the database accepts them (ADR-013).
   *
   * @param username the login role; the pool's current one when the secret holds only a password
   * @param password the new password
   * @return completes with how the move ended; a refused login is retried, not a failure
   */
  CompletionStage<SwapResult> applyCredentials(String username, String password);

  /** Stops retrying and watching; the pool is left as it is. */
  @Override
  void close();
}
