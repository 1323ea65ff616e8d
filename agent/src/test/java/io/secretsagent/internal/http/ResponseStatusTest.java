package io.secretsagent.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.BackendException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResponseStatusTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void oneRuleForRetrying() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504, 507, 599}) {
      assertTrue(ResponseStatus.isRetryable(status), String.valueOf(status));
    }
    for (int status : new int[] {200, 400, 401, 403, 404, 409, 501, 505}) {
      assertFalse(ResponseStatus.isRetryable(status), String.valueOf(status));
    }
  }

  @Test
  void kinds() {
    assertEquals(Kind.THROTTLED, ResponseStatus.kindOf(429));
    assertEquals(Kind.UNAVAILABLE, ResponseStatus.kindOf(503));
    assertEquals(Kind.UNAUTHENTICATED, ResponseStatus.kindOf(401));
    assertEquals(Kind.DENIED, ResponseStatus.kindOf(403));
    assertEquals(Kind.NOT_FOUND, ResponseStatus.kindOf(404));
    assertEquals(Kind.INVALID, ResponseStatus.kindOf(400));
    assertEquals(Kind.INVALID, ResponseStatus.kindOf(501));
  }

  @Test
  void retryAfterInMillisecondsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofMillis(1500), ResponseStatus.retryAfter("1500", "9", CLOCK));
    assertEquals(Duration.ofSeconds(9), ResponseStatus.retryAfter(null, " 9 ", CLOCK));
    assertEquals(Duration.ofSeconds(9), ResponseStatus.retryAfter("soon", "9", CLOCK));
    assertEquals(
        Duration.ofSeconds(90),
        ResponseStatus.retryAfter(null, "Thu, 03 Dec 2026 10:01:30 GMT", CLOCK));
    assertEquals(
        Duration.ZERO, ResponseStatus.retryAfter(null, "Thu, 03 Dec 2026 09:00:00 GMT", CLOCK));
    assertEquals(Duration.ZERO, ResponseStatus.retryAfter(null, "-5", CLOCK));
    assertNull(ResponseStatus.retryAfter(null, "tomorrow", CLOCK));
    assertNull(ResponseStatus.retryAfter(null, null, CLOCK));
  }

  @Test
  void serverTextIsOneBoundedLine() {
    assertEquals("a b c", ServerText.excerpt(" a\nb\u0007\tc "));
    assertEquals(ServerText.MAX_CHARS + 3, ServerText.excerpt("x".repeat(5000)).length());
  }

  @Test
  void serverTextNeverCarriesATokenShapedString() {
    assertEquals(
        "bad response: {\"access_token\":\"[redacted]\", \"expires_in\":\"3600\"} and [redacted] and"
            + " client_secret=[redacted]&x=1",
        ServerText.excerpt(
            "bad response: {\"access_token\":\"opaque-value-1\", \"expires_in\":\"3600\"} and"
                + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl and client_secret=abc&x=1"));
  }
}
