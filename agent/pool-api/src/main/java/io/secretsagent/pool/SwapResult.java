package io.secretsagent.pool;

/** How {@link BoundPool#applyCredentials} ended. */
public enum SwapResult {
  /** The database accepted the credentials; the pool uses them and renews its connections. */
  APPLIED,
  /** The pool already used exactly these credentials. */
  UNCHANGED,
  /** A later call replaced this one before the database accepted it. */
  SUPERSEDED,
  /** The pool was let go before the database accepted the credentials. */
  CLOSED
}
