package io.secretsagent.it.keyvault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key Vault's service limit with a memory per client: at most {@code limit} authenticated GETs per
 * fixed {@code window}, then {@code 429} with {@code Retry-After} in whole seconds until the window
 * ends (throttled requests do not count). Clients are told apart by their bearer token, which the
 * server issues per process. A request from a client that arrives before the time it was told to
 * wait is recorded as early: always when it asks again for a secret before the Retry-After of that
 * secret's own 429 (it must have read that answer first), and otherwise unless it arrives within
 * {@code grace} of the client's last 429, when it was already on its way (the client's other
 * threads) as the answer went out.
 */
public final class ClientThrottle {

  private final Clock clock;
  private final int limit;
  private final Duration window;
  private final Duration grace;
  private final Map<String, Integer> clients = new HashMap<>();
  private final Map<String, Instant> waitUntil = new HashMap<>();
  private final Map<String, Instant> toldAt = new HashMap<>();
  private final Map<String, Map<String, Instant>> pathWaitUntil = new HashMap<>();
  private final List<String> early = new ArrayList<>();
  private Instant windowStart;
  private int used;
  private int admitted;
  private int throttled;
  private int inFlight;

  ClientThrottle(Clock clock, int limit, Duration window, Duration grace) {
    if (limit < 0 || window.isNegative() || window.isZero() || grace.isNegative()) {
      throw new IllegalArgumentException(
          "ClientThrottle needs limit >= 0, a positive window and grace >= 0; got "
              + limit
              + " per "
              + window
              + ", grace "
              + grace);
    }
    this.clock = clock;
    this.limit = limit;
    this.window = window;
    this.grace = grace;
  }

  /**
   * @param token the request's bearer token; unauthenticated requests (the challenge) pass
   *     uncounted
   * @param path what the request asks for
   * @return the {@code Retry-After} to answer with, or empty to serve the request
   */
  synchronized Optional<Duration> admit(String token, String path) {
    if (token == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    int client = clients.computeIfAbsent(token, t -> clients.size() + 1);
    Instant until = waitUntil.get(token);
    if (until != null && now.isBefore(until)) {
      Instant pathUntil = pathWaitUntil.getOrDefault(token, Map.of()).get(path);
      boolean again = pathUntil != null && now.isBefore(pathUntil);
      if (again || now.isAfter(toldAt.get(token).plus(grace))) {
        early.add(
            "client "
                + client
                + (again ? " asked again for " + path : " asked")
                + " "
                + Duration.between(now, until).toMillis()
                + " ms before its Retry-After");
      } else {
        inFlight++;
      }
    }
    if (windowStart == null || !now.isBefore(windowStart.plus(window))) {
      windowStart = now;
      used = 0;
    }
    if (used < limit) {
      used++;
      admitted++;
      return Optional.empty();
    }
    throttled++;
    long left = Duration.between(now, windowStart.plus(window)).toMillis();
    Duration retryAfter = Duration.ofSeconds(Math.max(1, (left + 999) / 1000));
    waitUntil.merge(token, now.plus(retryAfter), (a, b) -> a.isAfter(b) ? a : b);
    toldAt.put(token, now);
    pathWaitUntil.computeIfAbsent(token, t -> new HashMap<>()).put(path, now.plus(retryAfter));
    return Optional.of(retryAfter);
  }

  /**
   * @return requests that came before the client's {@code Retry-After} had passed, described
   */
  public synchronized List<String> earlyRequests() {
    return List.copyOf(early);
  }

  /**
   * @return requests within the grace after a {@code 429}: already on their way when it was
   *     answered
   */
  public synchronized int inFlightAfterThrottle() {
    return inFlight;
  }

  public synchronized int clients() {
    return clients.size();
  }

  public synchronized int admitted() {
    return admitted;
  }

  public synchronized int throttled() {
    return throttled;
  }
}
