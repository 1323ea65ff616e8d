package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.Log;
import io.secretsagent.spi.BackendException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's Vault token: obtained by {@link VaultLogin}, checked with
 * {@code auth/token/lookup-self}, renewed with {@code auth/token/renew-self} at two thirds of its
 * TTL on the agent's timer thread, and replaced by a new login when renewal is refused, the token
 * is not renewable, or Vault refuses it. The token never leaves this class but in request headers.
 */
final class VaultSession {

  private static final Duration RETRY = Duration.ofSeconds(5);

  private final VaultHttp http;
  private final VaultLogin login;
  private final ScheduledExecutorService timer;
  private final String vault;
  private volatile String token;
  private ScheduledFuture<?> next;

  VaultSession(VaultHttp http, VaultLogin login, ScheduledExecutorService timer) {
    this.http = http;
    this.login = login;
    this.timer = timer;
    this.vault = "Vault " + http.address();
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
      throw VaultErrors.tokenRefused(lookup, login, vault);
    }
    token = fresh;
    schedule(seconds(data.get("ttl")), Boolean.TRUE.equals(data.get("renewable")));
    return fresh;
  }

  /** After Vault refused the token for a read: a fresh login, when the method allows one. */
  boolean loginAgain(String refused) {
    if (!login.canLoginAgain()) {
      return false;
    }
    synchronized (this) {
      if (!refused.equals(token)) {
        return true; // another thread has already logged in again
      }
      try {
        start();
        Log.info("logged in to " + vault + " again with " + login.describe() + " after the token was refused");
        return true;
      } catch (BackendException e) {
        Log.warn("logging in to " + vault + " again failed: " + e.getMessage());
        return false;
      }
    }
  }

  private synchronized void schedule(long ttlSeconds, boolean renewable) {
    if (next != null) {
      next.cancel(false);
    }
    if (ttlSeconds <= 0) {
      return; // a token that never expires, such as a root token
    }
    long delayMillis = ttlSeconds * 2000 / 3;
    if (renewable) {
      next = timer.schedule(this::renew, delayMillis, TimeUnit.MILLISECONDS);
    } else if (login.canLoginAgain()) {
      next = timer.schedule(this::renewByLogin, delayMillis, TimeUnit.MILLISECONDS);
    } else {
      Log.warn("the token from " + login.describe() + " is not renewable and expires in " + ttlSeconds
          + " s; after that " + vault + " refuses it: give the agent a renewable token, or use SECRETS_VAULT_AUTH=kubernetes or approle");
    }
  }

  private void renew() {
    String current = token;
    VaultHttp.Response response;
    try {
      response = http.post("auth/token/renew-self", current, Map.of());
    } catch (BackendException unreachable) {
      Log.debug("renewing the Vault token failed, retrying in " + RETRY.toSeconds() + " s: " + unreachable.getMessage());
      next = timer.schedule(this::renew, RETRY.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    if (response.status() == 200 && response.json().get("auth") instanceof Map<?, ?> auth) {
      Log.debug("renewed the Vault token from " + login.describe() + " for " + seconds(auth.get("lease_duration")) + " s");
      schedule(seconds(auth.get("lease_duration")), Boolean.TRUE.equals(auth.get("renewable")));
      return;
    }
    if (response.status() >= 500 || response.status() == 429) {
      next = timer.schedule(this::renew, RETRY.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    Log.info(vault + " refused to renew the token (" + response.status() + "); logging in again with " + login.describe());
    renewByLogin();
  }

  private void renewByLogin() {
    if (!login.canLoginAgain()) {
      Log.warn(vault + " will refuse the token from " + login.describe() + " once it expires: it cannot be renewed;"
          + " give the agent a new token, or use SECRETS_VAULT_AUTH=kubernetes or approle");
      return;
    }
    try {
      start();
    } catch (BackendException e) {
      Log.warn("logging in to " + vault + " again failed, retrying in " + RETRY.toSeconds() + " s: " + e.getMessage());
      next = timer.schedule(this::renewByLogin, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static long seconds(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
