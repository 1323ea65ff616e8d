package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API, as a shell script or another JVM drives the server (plain HTTP, JSON bodies). */
class AdminApiTest {

  private KeyVaultServer server;
  private WireClient http;
  private String token;

  @BeforeEach
  void start() throws Exception {
    server = TestServers.start();
    http = new WireClient(server);
    token = http.token();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void seedsRotatesAndDisablesSecrets() throws Exception {
    assertEquals(200, http.admin("PUT", "/secrets/db", "{\"value\":\"one\"}").statusCode());
    assertEquals(
        200,
        http.admin("PUT", "/secrets/db", "{\"value\":\"two\",\"contentType\":\"text/plain\"}")
            .statusCode());
    assertEquals("two", WireClient.json(get("/secrets/db/")).get("value"));
    assertEquals(2, server.secrets().versions("db").size());

    assertEquals(
        200,
        http.admin("PATCH", "/secrets/db", "{\"attributes\":{\"enabled\":false}}").statusCode());
    assertEquals(403, get("/secrets/db/").statusCode());
  }

  @Test
  void injectsAndClearsFaults() throws Exception {
    server.secrets().set("s", "v");

    assertEquals(
        204,
        http.admin(
                "POST",
                "/faults",
                "{\"kind\":\"status\",\"status\":429,\"retryAfterMillis\":1000,\"times\":1}")
            .statusCode());
    HttpResponse<String> throttled = get("/secrets/s/");
    assertEquals(429, throttled.statusCode());
    assertEquals("1", throttled.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(200, get("/secrets/s/").statusCode());

    http.admin(
        "POST",
        "/faults",
        "{\"endpoint\":\"vault\",\"path\":\"/secrets/s/?\",\"kind\":\"status\","
            + "\"status\":503,\"times\":0}");
    assertEquals(503, get("/secrets/s/").statusCode());
    assertEquals(503, get("/secrets/s/").statusCode());
    assertEquals(204, http.admin("DELETE", "/faults", null).statusCode());
    assertEquals(200, get("/secrets/s/").statusCode());
  }

  @Test
  void throttlesGets() throws Exception {
    server.secrets().set("s", "v");

    http.admin(
        "POST", "/throttle", "{\"maxGets\":1,\"windowMillis\":60000,\"retryAfterMillis\":2000}");

    assertEquals(200, get("/secrets/s/").statusCode());
    HttpResponse<String> second = get("/secrets/s/");
    assertEquals(429, second.statusCode());
    assertEquals("2", second.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void releasesHungRequests() throws Exception {
    server.secrets().set("s", "v");
    http.admin("POST", "/faults", "{\"kind\":\"hang\"}");
    var pending =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return get("/secrets/s/").statusCode();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(server.faults().awaitHanging(1, Duration.ofSeconds(10)));

    assertEquals(204, http.admin("POST", "/faults/release", null).statusCode());

    assertEquals(200, pending.get(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void restrictsAccessAndManagesTokens() throws Exception {
    server.secrets().set("s", "v");

    http.admin(
        "POST", "/access", "{\"identity\":\"" + server.systemIdentity() + "\",\"secrets\":[]}");
    assertEquals(403, get("/secrets/s/").statusCode());
    http.admin("DELETE", "/access", null);
    assertEquals(200, get("/secrets/s/").statusCode());

    HttpResponse<String> issued = http.admin("POST", "/tokens", "{\"identity\":\"script\"}");
    String scriptToken = (String) WireClient.json(issued).get("access_token");
    assertEquals(200, http.get("/secrets/s/?" + WireClient.API, scriptToken).statusCode());
    http.admin("DELETE", "/tokens", null);
    assertEquals(401, http.get("/secrets/s/?" + WireClient.API, scriptToken).statusCode());
  }

  @Test
  void reportsRequestLogAndRejectsBadInput() throws Exception {
    server.secrets().set("s", "v");
    get("/secrets/s/");

    Map<String, Object> log = WireClient.json(http.admin("GET", "/requests", null));
    List<?> entries = (List<?>) log.get("entries");
    assertTrue(
        entries.stream()
            .anyMatch(
                e ->
                    ((Map<?, ?>) e).get("path").equals("/secrets/s/")
                        && ((Number) ((Map<?, ?>) e).get("status")).intValue() == 200),
        entries.toString());
    assertEquals(1L, ((Number) ((Map<?, ?>) log.get("counts")).get("VAULT GET")).longValue());

    HttpResponse<String> bad = http.admin("POST", "/faults", "{\"kind\":\"explode\"}");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("use status, delay, hang or drop"), bad.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.get(path + "?" + WireClient.API, token);
  }
}
