package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test server's controls that real Vault has no API for here: seal, outage, namespace,
 * Kubernetes login.
 */
class VaultServerTest {

  static VaultServer vault;
  static HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    vault = VaultServer.start(false);
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  @BeforeEach
  void reset() {
    vault.reset();
  }

  HttpResponse<String> send(String method, String path, String token, String body, String namespace)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    if (namespace != null) {
      request.header("X-Vault-Namespace", namespace);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sealedVaultAnswers503VaultIsSealed() throws Exception {
    vault.seal(true);
    HttpResponse<String> sealed = send("GET", "secret/data/x", vault.rootToken(), null, null);
    assertEquals(503, sealed.statusCode());
    assertEquals("{\"errors\":[\"Vault is sealed\"]}", sealed.body());
    vault.seal(false);
    assertEquals(200, send("GET", "sys/health", null, null, null).statusCode());
  }

  @Test
  void downDropsTheConnection() {
    vault.down(true);
    assertThrows(IOException.class, () -> send("GET", "sys/health", null, null, null));
    assertTrue(
        vault.count("GET /v1/sys/health") >= 1,
        "reached the server (the JDK client retries a GET once)");
  }

  @Test
  void kubernetesLoginChecksRoleAndJwt() throws Exception {
    vault
        .tokens()
        .kubernetesRole(
            "app", "jwt-1", new VaultTokens.Grant(List.of("default"), Duration.ofMinutes(5), true));
    HttpResponse<String> ok =
        send("POST", "auth/kubernetes/login", null, "{\"role\":\"app\",\"jwt\":\"jwt-1\"}", null);
    assertEquals(200, ok.statusCode());
    assertTrue(
        ok.body().contains("\"client_token\":\"hvs.")
            && ok.body().contains("\"lease_duration\":300"),
        ok.body());
    assertEquals(
        400,
        send("POST", "auth/kubernetes/login", null, "{\"role\":\"app\",\"jwt\":\"other\"}", null)
            .statusCode());
    assertEquals(
        400,
        send("POST", "auth/kubernetes/login", null, "{\"role\":\"nope\",\"jwt\":\"jwt-1\"}", null)
            .statusCode());
    assertEquals(1, vault.tokens().logins());
  }

  @Test
  void namespaceMustMatch() throws Exception {
    vault.requireNamespace("team-a");
    String root = vault.rootToken();
    assertEquals(403, send("GET", "auth/token/lookup-self", root, null, null).statusCode());
    assertEquals(200, send("GET", "auth/token/lookup-self", root, null, "team-a").statusCode());
  }

  @Test
  void renewalOfANonRenewableOrRefusedTokenFails() throws Exception {
    String fixed =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("default"), Duration.ofMinutes(5), false))
            .id();
    HttpResponse<String> notRenewable = send("POST", "auth/token/renew-self", fixed, "{}", null);
    assertEquals(400, notRenewable.statusCode());
    assertTrue(notRenewable.body().contains("lease is not renewable"));
    String renewable =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("default"), Duration.ofMinutes(5), true))
            .id();
    vault.tokens().refuseRenewals(true);
    assertEquals(403, send("POST", "auth/token/renew-self", renewable, "{}", null).statusCode());
    assertEquals(0, vault.tokens().renewals());
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    String token =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("root"), Duration.ofMillis(1), true))
            .id();
    Thread.sleep(5);
    assertEquals(403, send("GET", "auth/token/lookup-self", token, null, null).statusCode());
  }

  @Test
  void deletedVersionIs404WithItsMetadata() throws Exception {
    vault.kv().put("secret", "app", Map.of("value", "a"));
    vault.kv().put("secret", "app", Map.of("value", "b"));
    vault.kv().delete("secret", "app", 2);
    HttpResponse<String> deleted = send("GET", "secret/data/app", vault.rootToken(), null, null);
    assertEquals(404, deleted.statusCode());
    assertTrue(
        deleted.body().contains("\"data\":null") && deleted.body().contains("\"version\":2"),
        deleted.body());
    assertEquals(
        200, send("GET", "secret/data/app?version=1", vault.rootToken(), null, null).statusCode());
  }
}
