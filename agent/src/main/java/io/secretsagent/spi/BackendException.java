package io.secretsagent.spi;

import java.time.Duration;

/**
 * A backend could not serve a secret. The message says what happened and what to do next, and never
 * contains a secret value or a token.
 */
public class BackendException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, which decides retrying and the advice given to the operator. */
  public enum Kind {
    /** DNS, connection, TLS or time-out: the backend could not be reached. */
    UNREACHABLE,
    /** No credential could be obtained, or the backend rejected it. */
    UNAUTHENTICATED,
    /** Authenticated, but not allowed to read this secret. */
    DENIED,
    /** The secret (or version, or field) does not exist. */
    NOT_FOUND,
    /** The secret exists but may not be used (disabled, expired, not yet valid). */
    DISABLED,
    /** Too many requests: retry after {@link #retryAfter()}. */
    THROTTLED,
    /** The backend answered with a server error. */
    UNAVAILABLE,
    /** The secret's value is unusable as configured (e.g. not JSON where a field is selected). */
    INVALID
  }

  private final Kind kind;
  private final Duration retryAfter;

  public BackendException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public BackendException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the backend asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether a later attempt may succeed without anyone changing anything. */
  public boolean isTransient() {
    return kind == Kind.UNREACHABLE || kind == Kind.THROTTLED || kind == Kind.UNAVAILABLE;
  }
}
