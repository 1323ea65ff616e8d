package io.secretsagent.it.hashicorp;

import io.secretsagent.it.keyvault.Reply;
import io.secretsagent.it.keyvault.Request;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Vault's HTTP API, the parts the agent uses, answering as Vault's published API documentation
 * shows: KV v2 ({@code <mount>/data/<path>}, {@code ?version=}) and v1 reads and writes, token
 * lookup and renewal, Kubernetes and AppRole login, the mount preflight {@code
 * sys/internal/ui/mounts/<mount>}, and {@code sys/health}. Errors are Vault's {@code {"errors":
 * [...]}}.
 */
final class VaultApi {

  static final String VERSIONED_PATH_WARNING =
      "Invalid path for a versioned K/V secrets engine. See the API docs for"
          + " the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

  private final KvEngine kv;
  private final VaultTokens tokens;
  private final VaultServer.State state;
  private final Clock clock;

  VaultApi(KvEngine kv, VaultTokens tokens, VaultServer.State state, Clock clock) {
    this.kv = kv;
    this.tokens = tokens;
    this.state = state;
    this.clock = clock;
  }

  Reply handle(Request request) {
    if (!request.path().startsWith("/v1/")) {
      return errors(404, "no handler for route \"" + request.path() + "\"");
    }
    String api = request.path().substring(4);
    if (state.sealed) {
      return errors(503, "Vault is sealed");
    }
    if (api.equals("sys/health")) {
      return Reply.json(
          200, Map.of("initialized", true, "sealed", false, "standby", false, "version", "1.20.0"));
    }
    if (state.namespace != null && !state.namespace.equals(request.header("X-Vault-Namespace"))) {
      return errors(403, "permission denied");
    }
    boolean write = request.method().equals("POST") || request.method().equals("PUT");
    if (write && api.equals("auth/kubernetes/login")) {
      Map<String, Object> body = request.json();
      return login(
          tokens.kubernetesLogin(String.valueOf(body.get("role")), String.valueOf(body.get("jwt"))),
          "invalid role name or service account token");
    }
    if (write && api.equals("auth/approle/login")) {
      Map<String, Object> body = request.json();
      return login(
          tokens.appRoleLogin(
              String.valueOf(body.get("role_id")), String.valueOf(body.get("secret_id"))),
          "invalid role or secret ID");
    }
    Optional<VaultTokens.Token> token = tokens.valid(request.header("X-Vault-Token"));
    if (token.isEmpty()) {
      return errors(403, "permission denied");
    }
    if (api.equals("auth/token/lookup-self") && request.method().equals("GET")) {
      return Reply.json(200, envelope("data", lookup(token.get())));
    }
    if (api.equals("auth/token/renew-self") && write) {
      return tokens
          .renew(token.get())
          .map(t -> Reply.json(200, envelope("auth", auth(t))))
          .orElseGet(
              () ->
                  errors(
                      token.get().renewable() ? 403 : 400,
                      token.get().renewable() ? "permission denied" : "lease is not renewable"));
    }
    if (api.startsWith("sys/internal/ui/mounts/")) {
      return mountInfo(api.substring("sys/internal/ui/mounts/".length()));
    }
    return kv(request, api, token.get(), write);
  }

  private Reply kv(Request request, String api, VaultTokens.Token token, boolean write) {
    Optional<String[]> split = kv.split(api);
    if (split.isEmpty()) {
      return errors(404, "no handler for route \"" + api + "\". route entry not found.");
    }
    if (!tokens.allows(token, api)) {
      return errors(403, "permission denied");
    }
    String mount = split.get()[0];
    String rest = split.get()[1];
    if (kv.kvVersion(mount).orElseThrow() == 1) {
      if (write) {
        kv.put(mount, rest, request.json());
        return Reply.empty(204);
      }
      return kv.read(mount, rest, 0)
          .map(v -> Reply.json(200, secret(v.data(), 2764800)))
          .orElseGet(() -> errors(404));
    }
    if (!rest.startsWith("data/")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("errors", List.of());
      body.put("warnings", List.of(VERSIONED_PATH_WARNING));
      return Reply.json(404, body);
    }
    String path = rest.substring("data/".length());
    if (write) {
      Object data = request.json().get("data");
      if (!(data instanceof Map<?, ?> fields)) {
        return errors(400, "no data provided");
      }
      @SuppressWarnings("unchecked")
      int number = kv.put(mount, path, (Map<String, Object>) fields);
      KvEngine.Version v = kv.read(mount, path, number).orElseThrow();
      return Reply.json(200, secret(metadata(v), 0));
    }
    int number = request.query("version") == null ? 0 : Integer.parseInt(request.query("version"));
    return kv.read(mount, path, number)
        .map(
            v -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("data", v.data());
              data.put("metadata", metadata(v));
              return Reply.json(v.data() == null ? 404 : 200, secret(data, 0));
            })
        .orElseGet(() -> errors(404));
  }

  private Reply mountInfo(String path) {
    return kv.split(path)
        .map(
            split -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("type", "kv");
              data.put("path", split[0] + "/");
              data.put(
                  "options",
                  kv.kvVersion(split[0]).orElseThrow() == 2 ? Map.of("version", "2") : Map.of());
              return Reply.json(200, envelope("data", data));
            })
        .orElseGet(() -> errors(400, "no mount found for \"" + path + "\""));
  }

  private Reply login(Optional<VaultTokens.Grant> grant, String refusal) {
    return grant
        .map(g -> Reply.json(200, envelope("auth", auth(tokens.issue(g)))))
        .orElseGet(() -> errors(400, refusal));
  }

  private static Map<String, Object> auth(VaultTokens.Token t) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("client_token", t.id());
    auth.put("accessor", t.accessor());
    auth.put("policies", t.policies());
    auth.put("token_policies", t.policies());
    auth.put("metadata", null);
    auth.put("lease_duration", t.ttl().toSeconds());
    auth.put("renewable", t.renewable());
    return auth;
  }

  private Map<String, Object> lookup(VaultTokens.Token t) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("accessor", t.accessor());
    data.put("creation_time", t.issued().getEpochSecond());
    data.put("creation_ttl", t.ttl().toSeconds());
    data.put("display_name", "token");
    data.put("expire_time", t.expires() == null ? null : t.expires().toString());
    data.put("explicit_max_ttl", 0);
    data.put("id", t.id());
    data.put("policies", t.policies());
    data.put("renewable", t.renewable());
    data.put(
        "ttl",
        t.expires() == null
            ? 0
            : Math.max(0, t.expires().getEpochSecond() - clock.instant().getEpochSecond()));
    data.put("type", "service");
    return data;
  }

  private static Map<String, Object> metadata(KvEngine.Version v) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("created_time", v.createdTime());
    metadata.put("custom_metadata", null);
    metadata.put("deletion_time", v.deletionTime());
    metadata.put("destroyed", false);
    metadata.put("version", v.number());
    return metadata;
  }

  /** The envelope of every Vault answer: request id, lease fields, then {@code data}. */
  private static Map<String, Object> secret(Object data, long leaseDuration) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", UUID.randomUUID().toString());
    body.put("lease_id", "");
    body.put("renewable", false);
    body.put("lease_duration", leaseDuration);
    body.put("data", data);
    body.put("wrap_info", null);
    body.put("warnings", null);
    body.put("auth", null);
    return body;
  }

  private static Map<String, Object> envelope(String field, Object value) {
    Map<String, Object> body = secret(null, 0);
    body.put(field, value);
    return body;
  }

  static Reply errors(int status, String... errors) {
    return Reply.json(status, Map.of("errors", List.of(errors)));
  }
}
