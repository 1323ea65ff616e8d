package io.secretsagent.hikari;

/**
 * The pool is configured so that it cannot take new credentials at runtime. The message names the
 * pool, every problem found and how to configure the pool instead; it never contains a password or
 * a JDBC URL.
 */
public final class UnsupportedPoolException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public UnsupportedPoolException(String message) {
    super(message);
  }
}
