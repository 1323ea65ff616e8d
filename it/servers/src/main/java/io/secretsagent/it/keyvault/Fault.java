package io.secretsagent.it.keyvault;

import java.time.Duration;

/**
 * What the server does to a request a {@link FaultPlan} rule picked.
 *
 * @param kind the kind of fault
 * @param status the status for {@link Kind#STATUS}
 * @param retryAfter the {@code Retry-After} to send with a status, or {@code null}
 * @param delay the added latency for {@link Kind#DELAY}
 */
public record Fault(Kind kind, int status, Duration retryAfter, Duration delay) {

  /** Kinds of fault. */
  public enum Kind {
    /** Answer with an Azure-shaped error instead of handling the request. */
    STATUS,
    /** Wait, then handle the request normally. */
    DELAY,
    /**
     * Hold the request, unanswered, until {@link FaultPlan#releaseHung()} (then handle it
     * normally).
     */
    HANG,
    /** Close the connection without any response. */
    DROP,
    /**
     * Send status 200 with {@code Content-Length: 1000} and 10 bytes of body, then hold the rest
     * until {@link FaultPlan#releaseHung()}, as a peer that died mid-answer; then close.
     */
    HEADERS_THEN_STALL
  }

  /**
   * @param retryAfter sent as {@code Retry-After} in whole seconds (rounded up), and as {@code
   *     retry-after-ms} when it is not a whole number of seconds
   * @return {@code 429 Throttled} with a retry hint, as Key Vault throttles
   */
  public static Fault throttled(Duration retryAfter) {
    return new Fault(Kind.STATUS, 429, retryAfter, Duration.ZERO);
  }

  /**
   * @return {@code 503 ServiceUnavailable}
   */
  public static Fault unavailable() {
    return status(503);
  }

  /**
   * @return an error with the given status and no retry hint
   */
  public static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("Fault status must be 4xx or 5xx; got " + status);
    }
    return new Fault(Kind.STATUS, status, null, Duration.ZERO);
  }

  /**
   * @return added latency before normal handling
   */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, delay);
  }

  /**
   * @return a request held unanswered until released
   */
  public static Fault hang() {
    return new Fault(Kind.HANG, 0, null, Duration.ZERO);
  }

  /**
   * @return an answer whose body stops after its first bytes, until released
   */
  public static Fault headersThenStall() {
    return new Fault(Kind.HEADERS_THEN_STALL, 0, null, Duration.ZERO);
  }

  /**
   * @return a connection closed without a response
   */
  public static Fault drop() {
    return new Fault(Kind.DROP, 0, null, Duration.ZERO);
  }
}
