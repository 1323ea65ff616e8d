package io.secretsagent.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

  final RefreshPolicy policy =
      new RefreshPolicy(Duration.ofMinutes(5), Duration.ofSeconds(1), new SplittableRandom(42));

  @Test
  void intervalIsJitteredWithinTenPercentAndActuallySpread() {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long ms = policy.next().toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertTrue(min >= 270_000 && max <= 330_000, min + ".." + max);
    assertTrue(max - min > 50_000, "spread over most of the range: " + min + ".." + max);
  }

  @Test
  void backoffDoublesUpToTheInterval() {
    assertBetween(policy.afterFailure(1, null, null, null), 0.9, 1.1);
    assertBetween(policy.afterFailure(2, null, null, null), 1.8, 2.2);
    assertBetween(policy.afterFailure(5, null, null, null), 14.4, 17.6);
    assertBetween(policy.afterFailure(40, null, null, null), 270, 330);
  }

  @Test
  void retryAfterIsNeverUndercut() {
    for (int i = 0; i < 1000; i++) {
      Duration d = policy.afterFailure(1, Duration.ofSeconds(30), null, null);
      assertTrue(
          d.compareTo(Duration.ofSeconds(30)) >= 0 && d.compareTo(Duration.ofSeconds(33)) <= 0,
          d.toString());
    }
    assertEquals(policy.interval(), Duration.ofMinutes(5));
  }

  /**
   * A {@code Retry-After} is honoured up to the longest wait, the interval or an hour; waits and
   * lifetimes of centuries saturate instead of throwing.
   */
  @Test
  void aRetryAfterIsHonouredUpToTheLongestWaitAndNothingOverflows() {
    Duration centuries = Duration.ofSeconds(10_000_000_000L);
    assertEquals(Duration.ofHours(1), policy.longestWait());
    assertBetween(policy.afterFailure(1, centuries, null, null), 3600, 3960);
    assertBetween(policy.afterFailure(1, Duration.ofMinutes(20), null, null), 1200, 1320);
    RefreshPolicy daily =
        new RefreshPolicy(Duration.ofDays(1), Duration.ofSeconds(1), new SplittableRandom(1));
    assertEquals(Duration.ofDays(1), daily.honoured(centuries));
    RefreshPolicy off =
        new RefreshPolicy(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom(1));
    assertEquals(Duration.ofHours(1), off.honoured(centuries));
    assertTrue(policy.renewal(centuries, 0.5).getSeconds() > 0);
    assertTrue(policy.atLeast(Duration.ofSeconds(Long.MAX_VALUE)).getSeconds() > 0);
  }

  @Test
  void renewalIsAtTheLatestAtTheFractionOfTheLifetimeJitteredEarlierAndSpread() {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long ms = policy.renewal(Duration.ofMinutes(60), 0.5).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertTrue(min >= 24 * 60_000 && max <= 30 * 60_000, min + ".." + max);
    assertTrue(max - min > 5 * 60_000, "spread: " + min + ".." + max);
  }

  @Test
  void aFailureNeverWaitsPastTheExpiryButAlwaysForARetryAfter() {
    Duration lifetime = Duration.ofMinutes(1);
    assertBetween(policy.afterFailure(10, null, Duration.ofSeconds(20), lifetime), 10, 10);
    assertBetween(policy.afterFailure(10, null, Duration.ofMillis(1500), lifetime), 1, 1);
    assertBetween(policy.afterFailure(10, null, Duration.ofMillis(300), lifetime), 0.3, 0.3);
    assertBetween(policy.afterFailure(10, null, Duration.ofSeconds(-5), lifetime), 60, 60);
    assertBetween(policy.afterFailure(1, null, Duration.ofSeconds(20), lifetime), 0.9, 1.1);
    assertBetween(
        policy.afterFailure(10, Duration.ofSeconds(30), Duration.ofSeconds(20), lifetime), 30, 33);
  }

  private static void assertBetween(Duration d, double lowSeconds, double highSeconds) {
    double s = d.toNanos() / 1e9;
    assertTrue(
        s >= lowSeconds && s <= highSeconds, s + " not in " + lowSeconds + ".." + highSeconds);
  }
}
