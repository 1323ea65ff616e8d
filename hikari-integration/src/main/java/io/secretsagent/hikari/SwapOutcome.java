package io.secretsagent.hikari;

/** How a {@link CredentialSwapper#swap(Credentials) swap} ended. */
public enum SwapOutcome {

  /**
   * The database accepted the credentials; the pool uses them and its old connections were
   * soft-evicted.
   */
  APPLIED,

  /** The pool already used exactly these credentials; nothing was done. */
  UNCHANGED,

  /**
   * A later swap replaced this one before the database accepted it; the pool never used these
   * credentials.
   */
  SUPERSEDED,

  /** The swapper was closed before the database accepted the credentials. */
  CLOSED
}
