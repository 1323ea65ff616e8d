package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.ResponseStatus;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's Vault token: obtained by {@link VaultLogin}, checked with {@code
 * auth/token/lookup-self}, renewed with {@code auth/token/renew-self} at two thirds of its TTL on
 * the agent's timer thread, and replaced by a new login when renewal is refused, the token is not
 * renewable, its lease stops growing (its max TTL is near), or Vault refuses the token itself. A
 * read that policy denies does not log in again. The token never leaves this class but in request
 * headers.
 */
final class VaultSession {

  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** The longest lease the renewal is timed for: Vault's default max TTL is 32 days. */
  static final Duration MAX_LEASE = Duration.ofDays(1);

  /** Runs a renewal after a delay; tests pass a fake clock that runs it on demand. */
  @FunctionalInterface
  interface Timer {
    Future<?> schedule(Runnable task, Duration delay);

    static Timer of(ScheduledExecutorService executor) {
      return (task, delay) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private final VaultHttp http;
  private final VaultLogin login;
  private final Timer timer;
  private final String vault;
  private volatile String token;
  private Future<?> next; // guarded by this
  private long lease; // seconds of the last lease; timer thread and start(), guarded by this
  private int failedLogins; // timer thread only

  VaultSession(VaultHttp http, VaultLogin login, Timer timer) {
    this.http = http;
    this.login = login;
    this.timer = timer;
    this.vault = http.server();
  }

  /** The current token, logging in first if there is none. */
  String token() throws BackendException {
    String t = token;
    if (t != null) {
      return t;
    }
    synchronized (this) {
      return token != null ? token : start();
    }
  }

  /** Logs in (or reads the token), looks it up, and schedules its renewal. */
  synchronized String start() throws BackendException {
    String fresh = login.login(http);
    VaultHttp.Response lookup = http.get("auth/token/lookup-self", fresh);
    if (lookup.status() != 200 || !(lookup.json().get("data") instanceof Map<?, ?> data)) {
      throw VaultErrors.tokenRefused(lookup, login, http);
    }
    token = fresh;
    lease = seconds(data.get("ttl"));
    schedule(lease, Boolean.TRUE.equals(data.get("renewable")));
    return fresh;
  }

  /**
   * After a read was denied (403): a fresh login, when the method allows one and Vault refuses the
   * token itself. A token Vault still accepts means the policy denies the path: logging in again
   * would only pile up tokens (and use up single-use AppRole secret ids).
   */
  boolean loginAgain(String refused) {
    if (!login.canLoginAgain()) {
      return false;
    }
    synchronized (this) {
      if (!refused.equals(token)) {
        return true; // another thread has already logged in again
      }
      try {
        if (http.get("auth/token/lookup-self", refused).status() == 200) {
          return false;
        }
        start();
        Log.info(
            "logged in to "
                + vault
                + " again with "
                + login.describe()
                + " after the token was refused");
        return true;
      } catch (BackendException e) {
        Log.warn("logging in to " + vault + " again failed: " + e.getMessage());
        return false;
      }
    }
  }

  private synchronized void schedule(long ttlSeconds, boolean renewable) {
    if (ttlSeconds <= 0) {
      reschedule(null, 0);
      return; // a token that never expires, such as a root token
    }
    long delayMillis = renewalDelayMillis(ttlSeconds);
    if (renewable) {
      reschedule(this::renew, delayMillis);
    } else if (login.canLoginAgain()) {
      reschedule(this::renewByLogin, delayMillis);
    } else {
      reschedule(null, 0);
      Log.warn(
          "the token from "
              + login.describe()
              + " is not renewable and expires in "
              + ttlSeconds
              + " s; after that "
              + vault
              + " refuses it: give the agent a renewable token, or use "
              + Setting.VAULT_AUTH.environmentName()
              + "=kubernetes or approle");
    }
  }

  /**
   * Cancels the pending renewal and schedules {@code task} (none if null): one renewal chain at a
   * time.
   */
  private synchronized void reschedule(Runnable task, long delayMillis) {
    if (next != null) {
      next.cancel(false);
    }
    next = task == null ? null : timer.schedule(task, Duration.ofMillis(delayMillis));
  }

  private void renew() {
    String current = token;
    VaultHttp.Response response;
    try {
      response = http.post("auth/token/renew-self", current, Map.of());
    } catch (BackendException unreachable) {
      Log.debug(
          "renewing the Vault token failed, retrying in "
              + RETRY.toSeconds()
              + " s: "
              + unreachable.getMessage());
      reschedule(this::renew, RETRY.toMillis());
      return;
    }
    if (response.status() == 200 && response.json().get("auth") instanceof Map<?, ?> auth) {
      long renewed = seconds(auth.get("lease_duration"));
      Log.debug("renewed the Vault token from " + login.describe() + " for " + renewed + " s");
      synchronized (this) {
        boolean capped =
            renewed < lease; // the token's max TTL is near: renewals only shrink from here
        lease = renewed;
        if (capped && login.canLoginAgain()) {
          reschedule(this::renewByLogin, renewalDelayMillis(renewed));
        } else {
          schedule(renewed, Boolean.TRUE.equals(auth.get("renewable")));
        }
      }
      return;
    }
    if (ResponseStatus.isRetryable(response.status())) {
      reschedule(this::renew, RETRY.toMillis());
      return;
    }
    Log.info(
        vault
            + " refused to renew the token ("
            + response.status()
            + "); logging in again with "
            + login.describe());
    renewByLogin();
  }

  private void renewByLogin() {
    if (!login.canLoginAgain()) {
      Log.warn(
          vault
              + " will refuse the token from "
              + login.describe()
              + " once it expires: it cannot be renewed;"
              + " give the agent a new token, or use "
              + Setting.VAULT_AUTH.environmentName()
              + "=kubernetes or approle");
      return;
    }
    try {
      start();
      if (failedLogins > 0) {
        Log.info(
            "logged in to "
                + vault
                + " again with "
                + login.describe()
                + " after "
                + failedLogins
                + " failed attempts");
      }
      failedLogins = 0;
    } catch (BackendException e) {
      failedLogins++;
      Duration wait = RETRY.multipliedBy(1L << Math.min(failedLogins - 1, 6));
      wait = wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
      String message =
          "logging in to "
              + vault
              + " again failed, retrying in "
              + wait.toSeconds()
              + " s: "
              + e.getMessage();
      if (failedLogins == 1) {
        Log.warn(message);
      } else {
        Log.debug(message);
      }
      reschedule(this::renewByLogin, wait.toMillis());
    }
  }

  /**
   * Two thirds of a lease of {@code ttlSeconds}, the lease taken as at most {@link #MAX_LEASE}:
   * Vault sends the TTL, and a huge one must not overflow into a negative delay (a renewal loop);
   * renewing a long lease early costs one request.
   */
  static long renewalDelayMillis(long ttlSeconds) {
    long seconds = Math.max(0, Math.min(ttlSeconds, MAX_LEASE.toSeconds()));
    return seconds * 2000 / 3;
  }

  private static long seconds(Object value) {
    if (!(value instanceof Number n)) {
      return 0;
    }
    double d = n.doubleValue(); // a BigInteger's longValue would wrap
    return d >= Long.MAX_VALUE ? Long.MAX_VALUE : d <= 0 ? 0 : n.longValue();
  }
}
