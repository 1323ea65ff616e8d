package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.ResponseStatus;
import io.secretsagent.internal.http.ServerText;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns Vault's answers into {@link BackendException}s that say what happened and what to do:
 * sealed, permission denied (naming the capability and path to grant), missing secret or version,
 * the wrong KV version. Only Vault's {@code errors} texts are quoted, never a body.
 */
final class VaultErrors {

  static final String VERSIONED_PATH_WARNING = "Invalid path for a versioned K/V secrets engine";

  private VaultErrors() {}

  /** A failed read of a secret at {@code apiPath} ({@code <mount>/data/<path>} on KV v2). */
  static BackendException read(VaultHttp.Response response, VaultPath path, String vault) {
    int status = response.status();
    if (status == 403) {
      return new BackendException(
          Kind.DENIED,
          "permission denied reading secret '"
              + path
              + "' from "
              + vault
              + " (403); grant the token's policy the read capability on "
              + path.apiPath()
              + ": path \""
              + path.apiPath()
              + "\" { capabilities = [\"read\"] }");
    }
    if (status == 404 && response.warnings().contains(VERSIONED_PATH_WARNING)) {
      return wrongKvVersion(path.mount(), 2, vault);
    }
    if (status == 404) {
      String what =
          path.version() == null
              ? "secret '" + path + "' does not exist"
              : "version "
                  + path.version()
                  + " of secret '"
                  + path.path()
                  + "' does not exist or was deleted";
      return new BackendException(
          Kind.NOT_FOUND,
          what
              + " in "
              + vault
              + " (read "
              + path.apiPath()
              + ");"
              + " create it (vault kv put -mount="
              + path.mount()
              + " "
              + path.path()
              + " value=...) or fix the key list"
              + (path.kvVersion() == 2
                  ? "; if mount '"
                      + path.mount()
                      + "' is KV version 1, set "
                      + Setting.VAULT_KV_VERSION.environmentName()
                      + "=1"
                  : ""));
    }
    return server(response, vault);
  }

  /** 5xx, 429 and anything else not specific to one secret. */
  static BackendException server(VaultHttp.Response response, String vault) {
    int status = response.status();
    String errors = response.errors().toLowerCase(Locale.ROOT);
    if (status == 503 && errors.contains("sealed")) {
      return new BackendException(
          Kind.UNAVAILABLE,
          vault
              + " is sealed (503); unseal it (vault operator unseal),"
              + " the agent keeps trying");
    }
    if (status == 429) {
      return new BackendException(
          Kind.THROTTLED,
          vault
              + " is rate-limiting requests (429); the agent waits for its"
              + " Retry-After and tries again; if this lasts, raise the rate-limit quota for this client or "
              + Setting.REFRESH_INTERVAL.environmentName(),
          retryAfter(response),
          null);
    }
    if (ResponseStatus.isRetryable(status)) {
      return new BackendException(
          Kind.UNAVAILABLE,
          vault
              + " answered "
              + status
              + (errors.isEmpty() ? "" : " (" + shorten(response.errors()) + ")")
              + "; the agent keeps trying"
              + (status == 503
                  ? "; a standby node answers 503 when it cannot forward: point "
                      + Setting.VAULT_ADDR.environmentName()
                      + " at the active node or the load balancer"
                  : ""),
          retryAfter(response),
          null);
    }
    return new BackendException(
        ResponseStatus.kindOf(status),
        vault
            + " answered "
            + status
            + (errors.isEmpty() ? "" : " (" + shorten(response.errors()) + ")"));
  }

  static BackendException wrongKvVersion(String mount, int actual, String vault) {
    return new BackendException(
        Kind.INVALID,
        "mount '"
            + mount
            + "' in "
            + vault
            + " is a KV version "
            + actual
            + " secrets engine, but the agent reads it as version "
            + (3 - actual)
            + "; set "
            + Setting.VAULT_KV_VERSION.environmentName()
            + "="
            + actual);
  }

  /** The token was refused where any valid token is allowed (lookup-self). */
  static BackendException tokenRefused(
      VaultHttp.Response response, VaultLogin login, String vault) {
    if (ResponseStatus.isRetryable(response.status())) {
      return server(response, vault);
    }
    return new BackendException(
        Kind.UNAUTHENTICATED,
        vault
            + " refused the token from "
            + login.describe()
            + " ("
            + response.status()
            + (response.errors().isEmpty() ? "" : ": " + shorten(response.errors()))
            + "); it is wrong, expired or revoked: give the agent a valid token, or use "
            + Setting.VAULT_AUTH.environmentName()
            + "=kubernetes or approle");
  }

  static String shorten(String text) {
    return ServerText.excerpt(text);
  }

  private static Duration retryAfter(VaultHttp.Response response) {
    return ResponseStatus.retryAfter(null, response.retryAfter(), Clock.systemUTC());
  }
}
