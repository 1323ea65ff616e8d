package io.secretsagent.internal.store;

import io.secretsagent.spi.BackendException;
import java.time.Duration;

/**
 * The outcome of one fetch of a secret, shared by every caller that joined it.
 *
 * @param problem null when the fetched value is served (or was already), else why it is not: the
 *     backend's failure, a value that cannot be served, or the {@code Retry-After} that held the
 *     request back
 * @param failure the backend's exception when it failed or held the request back, else null
 * @param held how long the backend asked this agent to wait when no request went out, else null
 */
record Fetch(String problem, Exception failure, Duration held) {

  static final Fetch SERVED = new Fetch(null, null, null);

  static Fetch failed(Exception e) {
    return new Fetch(e instanceof BackendException ? e.getMessage() : String.valueOf(e), e, null);
  }

  static Fetch held(BackendException reason, Duration wait) {
    return new Fetch(reason.getMessage(), reason, wait);
  }

  /**
   * Fetched, but not servable as configured (a missing field, a NUL for an environment variable).
   */
  static Fetch refused(String why) {
    return new Fetch(why, null, null);
  }

  /** Whether a request went out and the backend failed it. */
  boolean isFailure() {
    return failure != null && held == null;
  }

  /** Whether asking again later may succeed without anyone changing anything. */
  boolean isTransient() {
    return held != null || (failure instanceof BackendException b && b.isTransient());
  }
}
