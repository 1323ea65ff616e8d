package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.it.keyvault.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Vault's HTTP API as its published documentation (developer.hashicorp.com/vault/api-docs) shows
 * it, for the endpoints the agent uses. Run against {@link VaultServer} and, where Docker exists,
 * real Vault; the sample shapes quoted below are from those pages.
 */
abstract class VaultApiContract {

  /** An answer: status and JSON body (empty map when there is none). */
  record Answer(int status, Map<String, Object> json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> object(String field) {
      return (Map<String, Object>) json.get(field);
    }
  }

  abstract String address();

  abstract SSLContext ssl();

  /** A token with every capability. */
  abstract String rootToken();

  /** Enables a KV version 1 engine at {@code path}. */
  abstract void mountKv1(String path);

  /**
   * A renewable token of the given TTL whose only policy may read and write under {@code
   * pathPrefix}.
   */
  abstract String tokenFor(String pathPrefix, int ttlSeconds);

  /** An AppRole with a token TTL: {@code [role_id, secret_id]}. */
  abstract String[] appRole(int ttlSeconds);

  Answer call(String method, String path, String token, Map<String, Object> body) throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (ssl() != null) {
      builder.sslContext(ssl());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(address() + "/v1/" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JsonCodec.write(body)));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    HttpResponse<byte[]> response =
        builder.build().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), JsonCodec.parseObject(response.body()));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * KV v2 "Create/Update secret": {@code POST /secret/data/:path} with {@code {"data": {"foo":
   * "bar"}}} answers {@code {"data": {"created_time": "...", "deletion_time": "", "destroyed":
   * false, "version": 1}}}. "Read secret version": {@code GET /secret/data/:path?version=:version}
   * answers {@code {"data": {"data": {"foo": "bar"}, "metadata": {"created_time": "...",
   * "custom_metadata": null, "deletion_time": "", "destroyed": false, "version": 2}}}}; no version
   * means the latest.
   */
  @Test
  void kvV2WriteAndReadVersions() throws Exception {
    String path = unique("app/db");
    Answer first =
        call("POST", "secret/data/" + path, rootToken(), Map.of("data", Map.of("foo", "first")));
    assertEquals(200, first.status(), first::toString);
    assertEquals(1, ((Number) first.object("data").get("version")).intValue());
    assertEquals("", first.object("data").get("deletion_time"));
    assertEquals(false, first.object("data").get("destroyed"));
    call("POST", "secret/data/" + path, rootToken(), Map.of("data", Map.of("foo", "second")));

    Answer latest = call("GET", "secret/data/" + path, rootToken(), null);
    assertEquals(200, latest.status());
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) latest.object("data").get("metadata");
    assertEquals(Map.of("foo", "second"), latest.object("data").get("data"));
    assertEquals(2, ((Number) metadata.get("version")).intValue());
    assertNotNull(metadata.get("created_time"));
    assertTrue(metadata.containsKey("custom_metadata"));

    Answer pinned = call("GET", "secret/data/" + path + "?version=1", rootToken(), null);
    assertEquals(Map.of("foo", "first"), pinned.object("data").get("data"));
  }

  /** A path that was never written: 404 with {@code {"errors": []}}. */
  @Test
  void kvV2MissingPathIs404WithNoErrors() throws Exception {
    Answer missing = call("GET", "secret/data/" + unique("absent"), rootToken(), null);
    assertEquals(404, missing.status());
    assertEquals(List.of(), missing.json().get("errors"));
  }

  /**
   * A KV v1 path on a v2 mount: 404 and the warning "Invalid path for a versioned K/V secrets
   * engine...", which the agent turns into "set SECRETS_VAULT_KV_VERSION=2".
   */
  @Test
  void unversionedPathOnAVersion2MountWarns() throws Exception {
    Answer answer = call("GET", "secret/" + unique("app"), rootToken(), null);
    assertEquals(404, answer.status());
    assertTrue(
        String.valueOf(answer.json().get("warnings"))
            .contains("Invalid path for a versioned K/V secrets engine"),
        answer::toString);
  }

  /**
   * KV v1 "Read secret": {@code GET /secret/:path} answers {@code {"auth": null, "data": {"foo":
   * "bar", "ttl": "1h"}, "lease_duration": 3600, "lease_id": "", "renewable": false}};
   * "Create/Update" is a {@code POST} of the fields, answering 204.
   */
  @Test
  void kvV1WriteAndRead() throws Exception {
    String mount = unique("kv1");
    mountKv1(mount);
    assertEquals(
        204, call("POST", mount + "/my-secret", rootToken(), Map.of("foo", "bar")).status());
    Answer read = call("GET", mount + "/my-secret", rootToken(), null);
    assertEquals(200, read.status());
    assertEquals(Map.of("foo", "bar"), read.object("data"));
    assertTrue(read.json().containsKey("lease_duration"));
  }

  /**
   * The KV preflight the Vault CLI makes: {@code GET /sys/internal/ui/mounts/:path} answers {@code
   * {"data": {"type": "kv", "path": "secret/", "options": {"version": "2"}}}}.
   */
  @Test
  void mountPreflightNamesTheKvVersion() throws Exception {
    Answer v2 = call("GET", "sys/internal/ui/mounts/secret", rootToken(), null);
    assertEquals(200, v2.status(), v2::toString);
    assertEquals("kv", v2.object("data").get("type"));
    assertEquals(
        "2", String.valueOf(((Map<?, ?>) v2.object("data").get("options")).get("version")));
    String mount = unique("kv1");
    mountKv1(mount);
    Answer v1 = call("GET", "sys/internal/ui/mounts/" + mount, rootToken(), null);
    Object options = v1.object("data").get("options");
    assertTrue(
        options == null || !"2".equals(String.valueOf(((Map<?, ?>) options).get("version"))),
        v1::toString);
  }

  /**
   * "Lookup a token (self)": {@code GET /auth/token/lookup-self} answers {@code {"data":
   * {"accessor": ..., "creation_time": ..., "creation_ttl": 2764800, "id": ..., "policies": ["web",
   * "stage"], "renewable": true, "ttl": 2764790, ...}}}. "Renew a token (self)": {@code POST
   * /auth/token/renew-self} answers {@code {"auth": {"client_token": ..., "policies": [...],
   * "lease_duration": 3600, "renewable": true}}}.
   */
  @Test
  void tokenLookupAndRenewSelf() throws Exception {
    String token = tokenFor("secret/data/lookup/", 600);
    Answer lookup = call("GET", "auth/token/lookup-self", token, null);
    assertEquals(200, lookup.status(), lookup::toString);
    Map<String, Object> data = lookup.object("data");
    assertEquals(token, data.get("id"));
    assertEquals(true, data.get("renewable"));
    long ttl = ((Number) data.get("ttl")).longValue();
    assertTrue(ttl > 590 && ttl <= 600, "ttl " + ttl);
    assertTrue(data.get("policies") instanceof List<?>);

    Answer renew = call("POST", "auth/token/renew-self", token, Map.of());
    assertEquals(200, renew.status(), renew::toString);
    assertEquals(token, renew.object("auth").get("client_token"));
    assertEquals(600, ((Number) renew.object("auth").get("lease_duration")).intValue());
    assertEquals(true, renew.object("auth").get("renewable"));
  }

  /**
   * A path outside the token's policies, or an unknown token: 403 with "permission denied" in
   * {@code errors}.
   */
  @Test
  void outsideThePolicyIsPermissionDenied() throws Exception {
    String token = tokenFor("secret/data/allowed/", 600);
    call("POST", "secret/data/other", rootToken(), Map.of("data", Map.of("foo", "bar")));
    Answer denied = call("GET", "secret/data/other", token, null);
    assertEquals(403, denied.status());
    assertTrue(
        String.valueOf(denied.json().get("errors")).contains("permission denied"),
        denied::toString);
    Answer unknown = call("GET", "auth/token/lookup-self", "hvs.unknown", null);
    assertEquals(403, unknown.status());
    assertTrue(
        String.valueOf(unknown.json().get("errors")).contains("permission denied"),
        unknown::toString);
  }

  /**
   * "Login with AppRole": {@code POST /auth/approle/login} with {@code {"role_id": ...,
   * "secret_id": ...}} answers {@code {"auth": {"renewable": true, "lease_duration": 1200,
   * "policies": [...], "accessor": ..., "client_token": ...}}}; a wrong secret id is refused with
   * an error.
   */
  @Test
  void appRoleLogin() throws Exception {
    String[] role = appRole(1200);
    Answer login =
        call("POST", "auth/approle/login", null, Map.of("role_id", role[0], "secret_id", role[1]));
    assertEquals(200, login.status(), login::toString);
    Map<String, Object> auth = login.object("auth");
    assertTrue(auth.get("client_token") instanceof String s && !s.isEmpty());
    assertEquals(1200, ((Number) auth.get("lease_duration")).intValue());
    assertEquals(true, auth.get("renewable"));
    Answer lookup = call("GET", "auth/token/lookup-self", (String) auth.get("client_token"), null);
    assertEquals(200, lookup.status());

    Answer wrong =
        call("POST", "auth/approle/login", null, Map.of("role_id", role[0], "secret_id", "wrong"));
    assertTrue(wrong.status() == 400 || wrong.status() == 403, wrong::toString);
    assertTrue(
        wrong.json().get("errors") instanceof List<?> errors && !errors.isEmpty(), wrong::toString);
  }
}
