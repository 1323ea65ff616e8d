package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.ResponseStatus;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns Vault's answers into {@link BackendException}s that say what happened and what to do:
 * sealed, permission denied (naming the capability and path to grant), missing secret or version,
 * the wrong KV version. Only Vault's {@code errors} texts are quoted, never a body.
 */
final class VaultErrors {

  static final String LOOKUP = "GET auth/token/lookup-self";

  static final String VERSIONED_PATH_WARNING = "Invalid path for a versioned K/V secrets engine";

  private VaultErrors() {}

  /** A failed read of a secret at {@code apiPath} ({@code <mount>/data/<path>} on KV v2). */
  static BackendException read(VaultHttp.Response response, VaultPath path, VaultHttp http) {
    int status = response.status();
    String vault = http.server();
    BackendException notVault = notVault(response, http, "GET " + path.apiPath());
    if (notVault != null) {
      return notVault;
    }
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
    return server(response, http);
  }

  /** 5xx, 429 and anything else not specific to one secret. */
  static BackendException server(VaultHttp.Response response, VaultHttp http) {
    BackendException notVault = notVault(response, http, null);
    if (notVault != null) {
      return notVault;
    }
    int status = response.status();
    String vault = http.server();
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
          retryAfter(response, http),
          null);
    }
    if (ResponseStatus.isRetryable(status)) {
      return new BackendException(
          Kind.UNAVAILABLE,
          vault
              + " answered "
              + status
              + (errors.isEmpty() ? "" : " (" + response.quotedErrors() + ")")
              + "; the agent keeps trying"
              + (status == 503
                  ? "; a standby node answers 503 when it cannot forward: point "
                      + Setting.VAULT_ADDR.environmentName()
                      + " at the active node or the load balancer"
                  : ""),
          retryAfter(response, http),
          null);
    }
    return new BackendException(
        ResponseStatus.kindOf(status),
        vault
            + " answered "
            + status
            + (errors.isEmpty() ? "" : " (" + response.quotedErrors() + ")"));
  }

  /**
   * Why an answer that is not a failure Vault reports means {@code VAULT_ADDR} is wrong, or null: a
   * redirect (a standby node, or a web server's), or a body that is not Vault's JSON (any page but
   * a gateway's transient 5xx). Neither is the token's fault, and no retry changes them.
   *
   * @param request what was asked, e.g. {@code GET auth/token/lookup-self}, or null
   */
  static BackendException notVault(VaultHttp.Response response, VaultHttp http, String request) {
    int status = response.status();
    String addr = Setting.VAULT_ADDR.environmentName();
    if (status >= 300 && status < 400) {
      return new BackendException(
          Kind.INVALID,
          http.server()
              + " redirected "
              + (request == null ? "the request" : request)
              + " ("
              + status
              + "), and the agent follows no redirect: a standby node redirects to the active one;"
              + " point "
              + addr
              + " at the active node or the load balancer, in the form https://<host>:<port>");
    }
    boolean shapeless = !response.looksLikeVault() || status == 200 && response.json().isEmpty();
    if (shapeless && !ResponseStatus.isRetryable(status)) {
      return new BackendException(
          Kind.INVALID,
          http.server()
              + " is not a Vault API: "
              + (request == null ? "the request" : request)
              + " was answered "
              + status
              + " with a body that is not Vault's JSON; check "
              + addr
              + ": the Vault server's address, e.g. https://vault.example.com:8200, not a web page"
              + " or a proxy");
    }
    return null;
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

  /**
   * A failed {@code auth/token/lookup-self}, which any valid token may call: only 401 and 403 mean
   * Vault refused the token; a 404 means whatever answered has no such route, so it is not Vault.
   */
  static BackendException tokenRefused(
      VaultHttp.Response response, VaultLogin login, VaultHttp http) {
    int status = response.status();
    BackendException notVault = notVault(response, http, LOOKUP);
    if (notVault != null) {
      return notVault;
    }
    if (status == 404) {
      return new BackendException(
          Kind.INVALID,
          http.server()
              + " is not a Vault API: "
              + LOOKUP
              + ", which every Vault serves, was answered 404"
              + (response.errors().isEmpty() ? "" : " (" + response.quotedErrors() + ")")
              + "; check "
              + Setting.VAULT_ADDR.environmentName()
              + (http.namespace() == null
                  ? ""
                  : " and that namespace '"
                      + http.namespace()
                      + "' exists ("
                      + Setting.VAULT_NAMESPACE.environmentName()
                      + ")"));
    }
    if (status != 401 && status != 403) {
      return server(response, http);
    }
    return new BackendException(
        Kind.UNAUTHENTICATED,
        http.server()
            + " refused the token from "
            + login.describe()
            + " ("
            + status
            + (response.errors().isEmpty() ? "" : ": " + response.quotedErrors())
            + "); it is wrong, expired or revoked: give the agent a valid token, or use "
            + Setting.VAULT_AUTH.environmentName()
            + "=kubernetes or approle");
  }

  private static Duration retryAfter(VaultHttp.Response response, VaultHttp http) {
    return ResponseStatus.retryAfter(null, response.retryAfter(), http.clock());
  }
}
