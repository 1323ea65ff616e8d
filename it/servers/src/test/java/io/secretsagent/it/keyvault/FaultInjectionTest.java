package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults from {@link FaultPlan}, seen on the wire. */
class FaultInjectionTest {

  private final MutableClock clock = new MutableClock();
  private final ExecutorService background = Executors.newCachedThreadPool();
  private KeyVaultServer server;
  private WireClient http;
  private String token;

  @BeforeEach
  void start() throws Exception {
    server = TestServers.builder().clock(clock).start();
    http = new WireClient(server);
    token = http.token();
    server.secrets().set("s", "v");
  }

  @AfterEach
  void stop() {
    background.shutdownNow();
    server.close();
  }

  @Test
  void throttledAnswerCarriesRetryAfterAndThrottledCode() throws Exception {
    server.faults().nextVaultRequests(1, Fault.throttled(Duration.ofMillis(1500)));

    HttpResponse<String> throttled = get("/secrets/s/");
    HttpResponse<String> next = get("/secrets/s/");

    assertEquals(429, throttled.statusCode());
    assertEquals(
        "2",
        throttled.headers().firstValue("Retry-After").orElseThrow(),
        "whole seconds, rounded up");
    assertEquals("1500", throttled.headers().firstValue("retry-after-ms").orElseThrow());
    assertEquals(
        "Throttled", ((java.util.Map<?, ?>) WireClient.json(throttled).get("error")).get("code"));
    assertEquals(200, next.statusCode(), "the rule was used up");
  }

  @Test
  void pathPatternLimitsTheFault() throws Exception {
    server.secrets().set("other", "o");
    server.faults().inject(Endpoint.VAULT, "/secrets/s/?", Fault.unavailable(), FaultPlan.ALWAYS);

    assertEquals(503, get("/secrets/s/").statusCode());
    assertEquals(200, get("/secrets/other/").statusCode());
    assertEquals(503, get("/secrets/s").statusCode());
  }

  /**
   * Raw TLS socket, because the JDK HttpClient silently retries a GET whose connection closed
   * early.
   */
  @Test
  void droppedConnectionGetsNoResponse() throws Exception {
    server.faults().nextVaultRequests(1, Fault.drop());
    URI vault = URI.create(server.vaultUrl());

    try (Socket socket =
        server
            .certificate()
            .clientContext()
            .getSocketFactory()
            .createSocket(vault.getHost(), vault.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /secrets/s/?"
                      + WireClient.API
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Authorization: Bearer "
                      + token
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertEquals(
          -1, socket.getInputStream().read(), "the server closed without a byte of response");
    }

    assertEquals(200, get("/secrets/s/").statusCode());
    assertEquals(
        List.of(RequestLog.DROPPED, 200),
        server.requests().entries().stream()
            .filter(e -> e.endpoint() == Endpoint.VAULT)
            .map(RequestLog.Entry::status)
            .toList());
  }

  @Test
  void hungRequestIsAnsweredOnlyAfterRelease() throws Exception {
    server.faults().nextVaultRequests(1, Fault.hang());

    Future<HttpResponse<String>> pending = background.submit(() -> get("/secrets/s/"));
    assertTrue(
        server.faults().awaitHanging(1, Duration.ofSeconds(10)), "request reached the server");
    assertEquals(200, get("/secrets/s/").statusCode(), "other requests are still served");
    assertTrue(!pending.isDone(), "the hung request has no answer yet");

    server.faults().releaseHung();
    assertEquals(200, pending.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(0, server.faults().hangingCount());
  }

  @Test
  void delayAddsLatency() throws Exception {
    server.faults().nextVaultRequests(1, Fault.delay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<String> response = get("/secrets/s/");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, response.statusCode());
    assertTrue(elapsedMillis >= 300, "answered after " + elapsedMillis + " ms");
  }

  @Test
  void throttleAllowsMaxGetsPerWindow() throws Exception {
    server.faults().throttle(2, Duration.ofSeconds(10), Duration.ofSeconds(3));

    List<Integer> firstWindow =
        List.of(
            get("/secrets/s/").statusCode(),
            get("/secrets/s/").statusCode(),
            get("/secrets/s/").statusCode());
    HttpResponse<String> put =
        http.send("PUT", "/secrets/s?" + WireClient.API, token, "{\"value\":\"w\"}");
    clock.advance(Duration.ofSeconds(10));
    int nextWindow = get("/secrets/s/").statusCode();

    assertEquals(List.of(200, 200, 429), firstWindow);
    assertEquals(200, put.statusCode(), "only GETs are throttled");
    assertEquals(200, nextWindow);
  }

  @Test
  void expiredAndRevokedTokensAreRejected() throws Exception {
    server.tokens().lifetime(Duration.ofMinutes(10));
    String shortLived = http.token();
    clock.advance(Duration.ofMinutes(10));

    assertEquals(401, get("/secrets/s/", shortLived).statusCode(), "expired");
    assertEquals(200, get("/secrets/s/").statusCode(), "the hour-long token is still valid");

    server.tokens().revokeAll();
    assertEquals(401, get("/secrets/s/").statusCode(), "revoked");
  }

  @Test
  void tokenEndpointChecksHeaderAndResource() throws Exception {
    assertEquals(400, http.identity(null, "https://vault.azure.net", null).statusCode());
    assertEquals(401, http.identity("wrong", "https://vault.azure.net", null).statusCode());
    assertEquals(
        400,
        http.identity(server.identityHeader(), "https://storage.azure.com", null).statusCode());
    assertEquals(
        200,
        http.identity(server.identityHeader(), "https://vault.azure.net/.default", null)
            .statusCode());
  }

  @Test
  void faultsOnTheIdentityEndpointLeaveTheVaultAlone() throws Exception {
    server.faults().tokenEndpointDown(true);

    assertEquals(
        503, http.identity(server.identityHeader(), "https://vault.azure.net", null).statusCode());
    assertEquals(200, get("/secrets/s/").statusCode());

    server.faults().tokenEndpointDown(false);
    assertEquals(
        200, http.identity(server.identityHeader(), "https://vault.azure.net", null).statusCode());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, token);
  }

  private HttpResponse<String> get(String path, String bearer) throws Exception {
    return http.get(path + "?" + WireClient.API, bearer);
  }
}
