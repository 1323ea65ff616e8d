package io.secretsagent.internal.http;

import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;

/**
 * A backend's HTTP exchanges over the JDK's {@code HttpClient}, with the agent's rules: its own TLS
 * context ({@link AgentTls}, never the JVM-wide default), its own proxy, no redirects, one deadline
 * for the whole exchange (connection, headers and body), and a body of at most {@link #MAX_BODY}
 * bytes. The client is built on first use, on an agent thread within the start-up budget (building
 * it costs ~200 ms), and closed at exit by the agent's one shutdown hook ({@link HttpClients}).
 *
 * <p>Every failure becomes a {@link BackendException} whose message is the agent's own: a foreign
 * exception's message may quote a header value, and so a credential, and is never passed on.
 */
public final class HttpTransport implements AutoCloseable {

  /**
   * The largest body read: far above what a secret can be (Key Vault allows 25 KB values, a Vault
   * answer carries little more than the secret), far below what would hurt the application's heap.
   */
  public static final int MAX_BODY = 64 * 1024;

  /** An answer: status, headers and body (at most {@link #MAX_BODY} bytes). */
  public record Answer(int status, HttpHeaders headers, byte[] body) {}

  private final String server;
  private final SSLContext ssl;
  private final HttpsProxy proxy;
  private final Duration deadline;
  private final String trustAdvice;
  private final String checkAdvice;
  private final int maxBody;
  private final LongSupplier nanoTime; // for messages only: the deadline is the JDK's
  private final ExecutorService executor;
  private volatile HttpClient client;

  /**
   * @param server what the messages call the server, e.g. {@code Vault https://vault:8200}
   * @param ssl the TLS context, from {@link AgentTls}
   * @param proxy null for direct connections
   * @param deadline for each whole exchange
   * @param trustAdvice what to do about an untrusted certificate, e.g. {@code set VAULT_CACERT}
   * @param checkAdvice what to check when the server cannot be reached, e.g. {@code check
   *     VAULT_ADDR}
   */
  public HttpTransport(
      String server,
      SSLContext ssl,
      HttpsProxy proxy,
      Duration deadline,
      String trustAdvice,
      String checkAdvice) {
    this(server, ssl, proxy, deadline, trustAdvice, checkAdvice, MAX_BODY, System::nanoTime);
  }

  HttpTransport(
      String server,
      SSLContext ssl,
      HttpsProxy proxy,
      Duration deadline,
      String trustAdvice,
      String checkAdvice,
      int maxBody,
      LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.server = server;
    this.ssl = ssl;
    this.proxy = proxy;
    this.deadline = deadline;
    this.trustAdvice = trustAdvice;
    this.checkAdvice = checkAdvice;
    this.maxBody = maxBody;
    // daemon threads: a short-lived JVM never waits for the HTTP client at exit
    this.executor = Executors.newCachedThreadPool(AgentThreads.named("secrets-agent-http-"));
  }

  public Duration deadline() {
    return deadline;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          HttpClient.Builder builder =
              HttpClient.newBuilder()
                  .connectTimeout(deadline)
                  .executor(executor)
                  .sslContext(ssl)
                  .followRedirects(HttpClient.Redirect.NEVER);
          if (proxy != null) {
            proxy.applyTo(builder, server);
          }
          client = builder.build();
          HttpClients.closeAtExit(this);
        }
        c = client;
      }
    }
    return c;
  }

  /**
   * Sends {@code request} and reads the whole answer within the deadline.
   *
   * @throws BackendException {@link Kind#UNREACHABLE} when there is no complete answer in time,
   *     {@link Kind#INVALID} when the body is larger than the bound: the same request gets the same
   *     answer, so it is not retried as a transient failure
   */
  public Answer send(HttpRequest request) throws BackendException {
    long start = nanoTime.getAsLong();
    BoundedBody body = new BoundedBody(maxBody);
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = client().sendAsync(request, body);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    try {
      HttpResponse<byte[]> response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (TimeoutException e) {
      body.abort();
      exchange.cancel(true);
      throw new BackendException(
          Kind.UNREACHABLE,
          server
              + " is unreachable: it did not answer completely within "
              + deadline.toMillis()
              + " ms (headers and body, after "
              + (nanoTime.getAsLong() - start) / 1_000_000
              + " ms); "
              + checkAdvice,
          null,
          null);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      body.abort();
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNREACHABLE, "interrupted while waiting for " + server);
    }
  }

  /** The agent's own message; the cause is kept only as a type, never with its message. */
  private BackendException failure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BoundedBody.TooLargeException) {
        return new BackendException(
            Kind.INVALID, // deterministic: retrying would fetch the same megabytes again
            server
                + " answered with a body larger than "
                + maxBody / 1024
                + " KiB, more than any secret can be; the request was dropped."
                + " Check that the address points at the server itself, not at a proxy or a web page",
            null,
            null);
      }
    }
    if (e instanceof IOException) {
      return new BackendException(
          Kind.UNREACHABLE,
          server + " is unreachable: " + ConnectionFailure.why(e, trustAdvice) + "; " + checkAdvice,
          null,
          e); // the JDK's I/O messages name hosts and TLS alerts, not headers
    }
    return new BackendException(
        Kind.UNREACHABLE,
        "the request to "
            + server
            + " could not be made ("
            + (e == null ? "no cause" : e.getClass().getName())
            + "); "
            + checkAdvice,
        null,
        null);
  }

  /** Stops the client's selector thread so that a short-lived JVM does not wait for it. */
  @Override
  public void close() {
    HttpClient c = client;
    if (c != null) {
      JdkHttpClientCloser.shutdown(c);
    }
    executor.shutdownNow();
  }
}
