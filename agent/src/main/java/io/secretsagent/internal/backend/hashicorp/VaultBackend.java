package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Secrets from HashiCorp Vault's KV secrets engine, version 2 ({@code GET <mount>/data/<path>},
 * versioned) or 1 ({@code GET <mount>/<path>}), over Vault's HTTP API. A secret's value is its
 * object of fields, as JSON; the agent selects the key's field ({@code value} by default).
 */
final class VaultBackend implements SecretsBackend {

  private final VaultConfig config;
  private final VaultHttp http;
  private final ScheduledThreadPoolExecutor timer;
  private final VaultSession session;

  VaultBackend(VaultConfig config) {
    this.config = config;
    this.http =
        new VaultHttp(
            config.address(), config.namespace(), config.ssl(), config.proxy(), config.timeout());
    this.timer =
        new ScheduledThreadPoolExecutor(1, AgentThreads.named("secrets-agent-vault-token-"));
    timer.setRemoveOnCancelPolicy(true);
    this.session = new VaultSession(http, config.login(), VaultSession.Timer.of(timer));
  }

  /** Login (or the given token) and {@code auth/token/lookup-self}; then the KV mount's version. */
  @Override
  public void probe() throws BackendException {
    try {
      checkMount();
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  private void checkMount() throws BackendException {
    String token =
        session.token(); // the fetches may have logged in already: they run beside the probe
    VaultHttp.Response mount = http.get("sys/internal/ui/mounts/" + config.mount(), token);
    if (mount.status() == 200
        && mount.json().get("data") instanceof Map<?, ?> data
        && data.get("options") instanceof Map<?, ?> options) {
      int actual = "2".equals(String.valueOf(options.get("version"))) ? 2 : 1;
      if ("kv".equals(data.get("type")) && actual != config.kvVersion()) {
        throw VaultErrors.wrongKvVersion(config.mount(), actual, describe());
      }
    } else {
      Log.debug(
          "could not check the KV version of mount '"
              + config.mount()
              + "' ("
              + mount.status()
              + "); reading it as version "
              + config.kvVersion());
    }
  }

  @Override
  public String probeDescription() {
    return describe() + ", logging in with " + config.login().describe();
  }

  @Override
  public Secret fetch(SecretRef ref) throws BackendException {
    try {
      return read(ref);
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Only the type: a foreign exception's message may quote a header, and so the token. */
  private BackendException unexpected(RuntimeException e) {
    return new BackendException(
        Kind.UNAVAILABLE,
        "the request to " + describe() + " failed unexpectedly (" + e.getClass().getName() + ")");
  }

  private Secret read(SecretRef ref) throws BackendException {
    VaultPath path = config.path(ref);
    if (path.version() != null && path.kvVersion() == 1) {
      throw new BackendException(
          Kind.INVALID,
          "secret '"
              + path
              + "': KV version 1 has no versions; drop @"
              + path.version()
              + ", or set "
              + Setting.VAULT_KV_VERSION.environmentName()
              + "=2 if mount '"
              + path.mount()
              + "' is version 2");
    }
    String token = session.token();
    VaultHttp.Response response = http.get(path.request(), token);
    if (response.status() == 403 && session.loginAgain(token)) {
      response = http.get(path.request(), session.token());
    }
    if (response.status() != 200 || !(response.json().get("data") instanceof Map<?, ?> data)) {
      throw VaultErrors.read(response, path, http);
    }
    if (path.kvVersion() == 1) {
      return new Secret(VaultHttp.writeString(data), null);
    }
    if (!(data.get("data") instanceof Map<?, ?> fields)) {
      throw new BackendException(
          Kind.NOT_FOUND,
          "secret '"
              + path
              + "' in "
              + describe()
              + " has no data: its "
              + (path.version() == null ? "latest version" : "version " + path.version())
              + " was deleted or destroyed;"
              + " write a new version (vault kv put) or undelete it (vault kv undelete)");
    }
    Object version =
        data.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("version") : null;
    return new Secret(
        VaultHttp.writeString(fields), version == null ? null : String.valueOf(version));
  }

  @Override
  public String describe() {
    return http.server();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    http.close();
  }
}
