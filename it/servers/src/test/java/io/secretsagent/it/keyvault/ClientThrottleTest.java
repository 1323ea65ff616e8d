package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The per-client throttle on a hand-moved clock: window, Retry-After, early and in-flight requests.
 */
class ClientThrottleTest {

  final MutableClock clock = new MutableClock();
  final ClientThrottle throttle =
      new ClientThrottle(clock, 2, Duration.ofSeconds(10), Duration.ofMillis(500));

  @Test
  void retryAfterRunsToTheEndOfTheWindowAndEarlyRequestsAreRecordedPerClient() {
    assertEquals(Optional.empty(), throttle.admit("a", "/secrets/s1"));
    assertEquals(
        Optional.empty(),
        throttle.admit(null, "/secrets/s1"),
        "the unauthenticated challenge is not counted");
    clock.advance(Duration.ofMillis(2_500));
    assertEquals(Optional.empty(), throttle.admit("b", "/secrets/s1"));
    assertEquals(
        Optional.of(Duration.ofSeconds(8)),
        throttle.admit("a", "/secrets/s2"),
        "7.5 s left, in whole seconds");

    clock.advance(Duration.ofMillis(300));
    throttle.admit(
        "a", "/secrets/s3"); // within the grace: was already on its way (and is told 8 s again)
    throttle.admit("b", "/secrets/s2"); // never told to wait
    clock.advance(Duration.ofSeconds(1));
    throttle.admit("a", "/secrets/s4"); // told at 2.8 s to wait 8 s, came 1 s later
    assertEquals(1, throttle.inFlightAfterThrottle());
    List<String> early = throttle.earlyRequests();
    assertEquals(1, early.size(), early.toString());
    assertTrue(
        early.get(0).startsWith("client 1 asked 7000 ms before its Retry-After"), early.toString());

    clock.advance(Duration.ofSeconds(7));
    assertEquals(Optional.empty(), throttle.admit("a", "/secrets/s2"), "a new window");
    assertEquals(1, throttle.earlyRequests().size());
    assertEquals(2, throttle.clients());
    assertEquals(3, throttle.admitted());
    assertEquals(4, throttle.throttled());
  }

  @Test
  void askingAgainForAThrottledSecretIsEarlyEvenWithinTheGrace() {
    throttle.admit("a", "/secrets/s1");
    throttle.admit("a", "/secrets/s2");
    assertEquals(Optional.of(Duration.ofSeconds(10)), throttle.admit("a", "/secrets/s3"));
    clock.advance(Duration.ofMillis(100));
    throttle.admit("a", "/secrets/s4"); // another secret, already on its way
    throttle.admit(
        "a", "/secrets/s3"); // the same secret again: the client read the 429 and ignored it
    assertEquals(1, throttle.inFlightAfterThrottle());
    assertEquals(
        List.of("client 1 asked again for /secrets/s3 10000 ms before its Retry-After"),
        throttle.earlyRequests());
  }
}
