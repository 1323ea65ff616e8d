package io.secretsagent.fleet;

import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Key Vault's service limit as a model: at most {@code limit} GETs per fixed {@code window} per
 * vault; beyond that {@code 429} with {@code Retry-After} in whole seconds until the window ends.
 * Throttled requests do not count against the limit. It records, per client, until when that client
 * was told to wait, and counts every request a client sends before then.
 */
final class ThrottledVault {

  private final FakeScheduler clock;
  private final int limit;
  private final long window;
  private final boolean sendRetryAfter;
  private final Map<Integer, Long> waitUntil = new HashMap<>();
  private long windowStart = Long.MIN_VALUE;
  private int used;
  long requests;
  long throttled;
  long early;

  /**
   * @param sendRetryAfter false: the client is not given the header (as if it ignored it)
   */
  ThrottledVault(FakeScheduler clock, int limit, Duration window, boolean sendRetryAfter) {
    this.clock = clock;
    this.limit = limit;
    this.window = window.toNanos();
    this.sendRetryAfter = sendRetryAfter;
  }

  Secret get(int client, String name) throws BackendException {
    long now = clock.nanoTime();
    requests++;
    if (now < waitUntil.getOrDefault(client, Long.MIN_VALUE)) {
      early++;
    }
    if (windowStart == Long.MIN_VALUE || now - windowStart >= window) {
      windowStart = now - (windowStart == Long.MIN_VALUE ? 0 : (now - windowStart) % window);
      used = 0;
    }
    if (++used <= limit) {
      return new Secret("value-of-" + name, "1");
    }
    used--;
    throttled++;
    long left = windowStart + window - now;
    Duration retryAfter = Duration.ofSeconds(Math.max(1, (left + 999_999_999) / 1_000_000_000));
    waitUntil.merge(client, now + retryAfter.toNanos(), Math::max);
    throw new BackendException(
        BackendException.Kind.THROTTLED,
        "vault is throttling requests (429)",
        sendRetryAfter ? retryAfter : null,
        null);
  }
}
