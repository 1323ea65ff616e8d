package io.secretsagent.pool;

/** What a bound pool tells the agent. Called on the integration's threads; must be quick. */
public interface PoolEvents {

  /**
   * The database refused a login of a connection the pool itself opened: the password may have been
   * rotated in the database first.
   *
   * @param sqlState the refusal's SQLState, e.g. {@code 28P01}
   */
  void loginRejected(String sqlState);

  /**
   * The database refused the validation login of credentials passed to {@link
   * BoundPool#applyCredentials}; the pool keeps its current ones and the login is retried.
   */
  void validationRefused(String sqlState);

  /** The application closed the pool; called once, after which nothing more is reported. */
  void closed();
}
