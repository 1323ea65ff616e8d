package io.secretsagent.internal.pool;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.SecretRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The database rejected a pool's login: the secret may have rotated there first, so it is fetched
 * at once, at most every {@link #MIN_GAP} per secret (the store's refresh is single-flight), so
 * that a password rotated in the database first costs seconds, not a refresh interval.
 */
final class RejectionRefresher {

  static final Duration MIN_GAP = Duration.ofSeconds(1);

  private final Secrets secrets;
  private final LongSupplier nanoTime;
  private final Map<SecretRef, Long> lastRefresh = new ConcurrentHashMap<>();

  RejectionRefresher(Secrets secrets, LongSupplier nanoTime) {
    this.secrets = secrets;
    this.nanoTime = nanoTime;
  }

  /**
   * @return whether the secret is being refreshed (false: one was, less than {@link #MIN_GAP} ago)
   */
  boolean rejected(String family, String pool, SecretRef ref, String sqlState) {
    long now = nanoTime.getAsLong();
    boolean[] due = {false};
    lastRefresh.compute(
        ref,
        (r, last) -> {
          due[0] = last == null || now - last >= MIN_GAP.toNanos();
          return due[0] ? now : last;
        });
    if (!due[0]) {
      return false;
    }
    Log.info(
        family
            + " pool '"
            + pool
            + "': the database rejected a login (SQLState "
            + sqlState
            + "); refreshing secret '"
            + ref
            + "' now");
    secrets.refresh(ref);
    return true;
  }
}
