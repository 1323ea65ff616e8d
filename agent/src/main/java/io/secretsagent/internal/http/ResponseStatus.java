package io.secretsagent.internal.http;

import io.secretsagent.spi.BackendException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What an HTTP status means to the agent, the same for every backend: which {@link Kind} of failure
 * it is (and so whether the agent retries), and how long the server asked it to wait. Backends
 * refine the kind where their API says more (a disabled Key Vault secret, a sealed Vault).
 */
public final class ResponseStatus {

  private ResponseStatus() {}

  /**
   * One rule for retrying: 408, 429 and every 5xx but 501 (Not Implemented) and 505 (HTTP Version
   * Not Supported), which no retry changes, are transient.
   */
  public static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500 && status != 501 && status != 505;
  }

  /** The kind of failure of a non-2xx status, before a backend's own refinement. */
  public static Kind kindOf(int status) {
    if (status == 429) {
      return Kind.THROTTLED;
    }
    if (isRetryable(status)) {
      return Kind.UNAVAILABLE;
    }
    return switch (status) {
      case 401 -> Kind.UNAUTHENTICATED;
      case 403 -> Kind.DENIED;
      case 404 -> Kind.NOT_FOUND;
      default -> Kind.INVALID;
    };
  }

  /**
   * The server's requested wait: Azure's {@code retry-after-ms}, else {@code Retry-After} in
   * seconds or as an HTTP date (RFC 9110), measured against {@code clock}.
   *
   * @param retryAfterMs the {@code retry-after-ms} header, or null
   * @param retryAfter the {@code Retry-After} header, or null
   * @return the wait, never negative; null when there is none or it is malformed
   */
  public static Duration retryAfter(String retryAfterMs, String retryAfter, Clock clock) {
    try {
      if (retryAfterMs != null && !retryAfterMs.isBlank()) {
        return nonNegative(Duration.ofMillis(Long.parseLong(retryAfterMs.trim())));
      }
    } catch (NumberFormatException e) {
      // fall back to Retry-After
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    String value = retryAfter.trim();
    try {
      return nonNegative(Duration.ofSeconds(Long.parseLong(value)));
    } catch (NumberFormatException e) {
      // an HTTP date
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return nonNegative(Duration.between(clock.instant(), at.toInstant()));
    } catch (DateTimeParseException e) {
      return null; // the agent's own backoff applies
    }
  }

  /** For messages: {@code ", Retry-After 3 s"}, or empty. */
  public static String describe(Duration retryAfter) {
    return retryAfter == null
        ? ""
        : ", Retry-After " + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s";
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
