package io.secretsagent.it.hashicorp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.secretsagent.it.keyvault.Reply;
import io.secretsagent.it.keyvault.Request;
import io.secretsagent.it.keyvault.TestCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A HashiCorp Vault-compatible server for tests, on the JDK's {@code HttpServer} (or {@code
 * HttpsServer} with a {@link TestCertificate}), bound to 127.0.0.1. It serves what {@link VaultApi}
 * documents; tests control it directly:
 *
 * <pre>{@code
 * try (VaultServer vault = VaultServer.start(true)) {
 *     vault.kv().put("secret", "myapp/db", Map.of("password", "s3cret"));   // KV v2 version 1
 *     String token = vault.tokens().issue(new VaultTokens.Grant(List.of("root"), Duration.ZERO, false)).id();
 *     // VAULT_ADDR=vault.address(), VAULT_TOKEN=token, VAULT_CACERT=vault.certificate().pem()
 * }
 * }</pre>
 *
 * <p>Runtime controls: {@link #kv()} (mounts, versions), {@link #tokens()} (tokens, policies,
 * roles, renewal refusal, counts), {@link #seal(boolean)} (503 "Vault is sealed"), {@link
 * #down(boolean)} (connections dropped without an answer), {@link #bodyFault} (stalled, endless and
 * huge bodies), {@link #requireNamespace(String)} and {@link #count(String)}. Sets {@code
 * sun.net.httpserver.nodelay} as {@code KeyVaultServer} does, against ~48 ms per request.
 */
public final class VaultServer implements AutoCloseable {

  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Switches the tests flip at run time. */
  static final class State {
    volatile boolean sealed;
    volatile boolean down;
    volatile String namespace;
    volatile BodyFault bodyFault = BodyFault.NONE;
    volatile String bodyFaultPrefix = "/";
  }

  /**
   * A broken answer, for the client's deadline and body bound (status 200), or an answer that is
   * not Vault's own (the last three).
   */
  public enum BodyFault {
    NONE,
    /**
     * Headers (Content-Length 1,000) and 10 bytes of body, then nothing, ever (until the server
     * closes), as from a peer that died: ending the fault does not end an answer already stalled.
     */
    HEADERS_THEN_STALL,
    /** A chunked body that never ends: 64 KiB chunks until the client hangs up. */
    ENDLESS_BODY,
    /** A 32 MiB body, its length declared in Content-Length. */
    HUGE_BODY,
    /**
     * 403 with {@code errors} that echo the request's {@code X-Vault-Token} in several forms (bare,
     * {@code Authorization: Bearer}, {@code X-Vault-Token:}), as a careless proxy or plugin might.
     */
    ECHO_TOKEN,
    /** 404 with an HTML page: a web server, not Vault, at the address. */
    NOT_VAULT,
    /** 307 to another node with the token in the Location's query, as a misconfigured standby. */
    REDIRECT
  }

  private final State state = new State();
  private final KvEngine kv;
  private final VaultTokens tokens;
  private final Path stateDirectory;
  private final TestCertificate certificate;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  private VaultServer(boolean tls, Clock clock) throws IOException {
    this.kv = new KvEngine(clock);
    this.tokens = new VaultTokens(clock);
    kv.reset();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls) {
      stateDirectory = Files.createTempDirectory("vault-server");
      certificate = TestCertificate.inDirectory(stateDirectory);
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      server = https;
    } else {
      stateDirectory = null;
      certificate = null;
      server = HttpServer.create(address, 64);
    }
    VaultApi api = new VaultApi(kv, tokens, state, clock);
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "vault-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, api));
    server.start();
  }

  /**
   * Starts a server with a KV v2 engine at {@code secret}, as {@code vault server -dev} does.
   *
   * @param tls HTTPS with a certificate made for {@code localhost} and {@code 127.0.0.1}, else
   *     plain HTTP
   */
  public static VaultServer start(boolean tls) throws IOException {
    return new VaultServer(tls, Clock.systemUTC());
  }

  private void handle(HttpExchange exchange, VaultApi api) throws IOException {
    try {
      Request request = Request.read(exchange);
      counts
          .computeIfAbsent(request.method() + " " + request.path(), k -> new AtomicInteger())
          .incrementAndGet();
      if (state.down) {
        exchange.close(); // no status line: the client sees the connection end
        return;
      }
      BodyFault fault = state.bodyFault;
      if (fault != BodyFault.NONE && request.path().startsWith(state.bodyFaultPrefix)) {
        sendBroken(exchange, fault);
        return;
      }
      Reply reply;
      try {
        reply = api.handle(request);
      } catch (RuntimeException e) {
        reply = VaultApi.errors(500, "the test server failed: " + e.getClass().getSimpleName());
      }
      reply.send(exchange);
    } catch (IOException | RuntimeException e) {
      exchange.close();
    }
  }

  private void sendBroken(HttpExchange exchange, BodyFault fault) throws IOException {
    byte[] start = "{\"data\":{\"da".getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try (OutputStream out = exchange.getResponseBody()) {
      switch (fault) {
        case HEADERS_THEN_STALL -> {
          exchange.sendResponseHeaders(200, 1000);
          out.write(start);
          out.flush();
          while (!executor.isShutdown()) {
            sleep(20); // as a peer that died: ending the fault does not end this answer
          }
        }
        case ENDLESS_BODY -> {
          exchange.sendResponseHeaders(200, 0);
          out.write(start);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          while (state.bodyFault == fault && !executor.isShutdown()) {
            out.write(chunk); // ends with an IOException when the client hangs up
          }
        }
        case HUGE_BODY -> {
          int size = 32 * 1024 * 1024;
          exchange.sendResponseHeaders(200, size);
          out.write(start);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          for (int sent = start.length; sent < size; sent += chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, size - sent));
          }
        }
        case ECHO_TOKEN -> {
          String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
          byte[] body =
              ("{\"errors\":[\"permission denied for token "
                      + token
                      + " Authorization: Bearer "
                      + token
                      + "\",\"X-Vault-Token: "
                      + token
                      + "\"]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(403, body.length);
          out.write(body);
        }
        case NOT_VAULT -> {
          byte[] body = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(404, body.length);
          out.write(body);
        }
        case REDIRECT -> {
          String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
          exchange.getResponseHeaders().set("Location", "https://127.0.0.1:9/v1/x?token=" + token);
          exchange.sendResponseHeaders(307, -1);
        }
        default -> throw new IllegalStateException(fault.name());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /**
   * @param fault how to answer requests whose path starts with {@code pathPrefix}, e.g. {@code
   *     /v1/secret/data/} for KV v2 reads; {@link BodyFault#NONE} ends the fault for later requests
   */
  public void bodyFault(BodyFault fault, String pathPrefix) {
    state.bodyFaultPrefix = pathPrefix;
    state.bodyFault = fault;
  }

  /**
   * @return {@code http(s)://127.0.0.1:<port>}, the value for {@code VAULT_ADDR}
   */
  public String address() {
    return (certificate == null ? "http" : "https")
        + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  /**
   * @return the certificate ({@link TestCertificate#pem()} is the value for {@code VAULT_CACERT}),
   *     or null over HTTP
   */
  public TestCertificate certificate() {
    return certificate;
  }

  public KvEngine kv() {
    return kv;
  }

  public VaultTokens tokens() {
    return tokens;
  }

  /**
   * @return a new token with the {@code root} policy that never expires
   */
  public String rootToken() {
    return tokens.issue(new VaultTokens.Grant(List.of("root"), Duration.ZERO, false)).id();
  }

  /**
   * @param sealed true answers every request with 503 {@code {"errors":["Vault is sealed"]}}
   */
  public void seal(boolean sealed) {
    state.sealed = sealed;
  }

  /**
   * @param down true drops every connection without an answer, as a crashed node would
   */
  public void down(boolean down) {
    state.down = down;
  }

  /**
   * @param namespace requests without this {@code X-Vault-Namespace} are denied; null accepts any
   */
  public void requireNamespace(String namespace) {
    state.namespace = namespace;
  }

  /**
   * @return how many requests {@code "GET /v1/secret/data/x"} (method, space, path without query)
   *     had
   */
  public int count(String methodAndPath) {
    AtomicInteger count = counts.get(methodAndPath);
    return count == null ? 0 : count.get();
  }

  /** Back to a fresh dev server: one KV v2 mount, no secrets, tokens or roles, no faults. */
  public void reset() {
    kv.reset();
    tokens.reset();
    counts.clear();
    state.sealed = false;
    state.down = false;
    state.namespace = null;
    state.bodyFault = BodyFault.NONE;
  }

  @Override
  public void close() {
    state.bodyFault = BodyFault.NONE;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (certificate != null) {
      certificate.delete();
    }
  }
}
