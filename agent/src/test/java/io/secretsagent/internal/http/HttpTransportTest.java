package io.secretsagent.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.secretsagent.spi.BackendException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpTransport} against an in-process server that answers well, slowly, or endlessly. */
class HttpTransportTest {

  HttpServer server;
  ExecutorService threads = Executors.newCachedThreadPool();
  CountDownLatch released = new CountDownLatch(1);
  HttpTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext(
        "/ok", e -> answer(e, 200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/stall", this::stall);
    server.createContext("/endless", HttpTransportTest::endless);
    server.createContext(
        "/declared-huge",
        e -> {
          e.sendResponseHeaders(200, 10L * 1024 * 1024);
          e.close();
        });
    server.start();
    transport =
        new HttpTransport(
            "Test server",
            AgentTls.defaultTrust(),
            null,
            Duration.ofSeconds(3),
            "trust it",
            "check the address");
  }

  @AfterEach
  void stop() {
    released.countDown();
    transport.close();
    server.stop(0);
    threads.shutdownNow();
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .timeout(transport.deadline())
        .build();
  }

  static void answer(HttpExchange e, int status, byte[] body) throws IOException {
    e.sendResponseHeaders(status, body.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(body);
    }
  }

  void stall(HttpExchange e) throws IOException {
    e.sendResponseHeaders(200, 1000);
    OutputStream out = e.getResponseBody();
    out.write("{\"da".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    try {
      released.await(); // until the test ends: as a peer that died
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    e.close();
  }

  static void endless(HttpExchange e) throws IOException {
    e.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[16 * 1024];
    try (OutputStream out = e.getResponseBody()) {
      while (true) {
        out.write(chunk); // until the client hangs up
      }
    }
  }

  @Test
  void aCompleteAnswerIsReturned() throws Exception {
    HttpTransport.Answer answer = transport.send(get("/ok"));
    assertEquals(200, answer.status());
    assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), answer.body());
  }

  @Test
  void theDeadlineCoversTheBodyNotOnlyTheHeaders() {
    long start = System.nanoTime();
    BackendException e = assertThrows(BackendException.class, () -> transport.send(get("/stall")));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(BackendException.Kind.UNREACHABLE, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith("Test server is unreachable: it did not answer completely within 3000 ms"),
        e.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
  }

  @Test
  void anEndlessBodyFailsItsRequestAtTheBound() {
    BackendException e =
        assertThrows(BackendException.class, () -> transport.send(get("/endless")));
    assertEquals(BackendException.Kind.INVALID, e.kind(), "deterministic: not retried");
    assertTrue(e.getMessage().contains("a body larger than 64 KiB"), e.getMessage());
  }

  @Test
  void aBodyDeclaredLargerThanTheBoundIsNotRead() {
    BackendException e =
        assertThrows(BackendException.class, () -> transport.send(get("/declared-huge")));
    assertEquals(BackendException.Kind.INVALID, e.kind(), "deterministic: not retried");
    assertTrue(e.getMessage().contains("a body larger than 64 KiB"), e.getMessage());
  }

  @Test
  void theTimeInTheDeadlineMessageIsTheInjectedClocks() throws Exception {
    long[] now = {0};
    transport.close();
    transport =
        new HttpTransport(
            "Test server",
            AgentTls.defaultTrust(),
            null,
            Duration.ofMillis(300),
            "trust it",
            "check the address",
            HttpTransport.MAX_BODY,
            () -> (now[0] += 1_234_000_000L) - 1_234_000_000L);
    BackendException e = assertThrows(BackendException.class, () -> transport.send(get("/stall")));
    assertTrue(e.getMessage().contains("(headers and body, after 1234 ms)"), e.getMessage());
  }

  @Test
  void aRefusedConnectionIsUnreachableWithTheAgentsOwnMessage() {
    BackendException e =
        assertThrows(
            BackendException.class,
            () ->
                transport.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build()));
    assertEquals(BackendException.Kind.UNREACHABLE, e.kind());
    assertEquals(
        "Test server is unreachable: the connection was refused; check the address",
        e.getMessage());
  }
}
