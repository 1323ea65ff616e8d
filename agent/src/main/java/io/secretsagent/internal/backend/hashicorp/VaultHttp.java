package io.secretsagent.internal.backend.hashicorp;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import io.secretsagent.internal.backend.ConnectionFailure;
import io.secretsagent.internal.backend.HttpsProxy;
import io.secretsagent.internal.backend.azure.JdkHttpClientCloser;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.spi.BackendException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * Vault's HTTP API over the JDK's {@code HttpClient}: {@code /v1/<path>} with the {@code
 * X-Vault-Token} and {@code X-Vault-Namespace} headers, JSON both ways. A request that gets no
 * answer becomes an {@link BackendException.Kind#UNREACHABLE} naming why; any answer, whatever its
 * status, is returned for the caller to judge.
 */
final class VaultHttp {

  /** An answer: status, the JSON body as maps and lists (empty when there is none), Retry-After. */
  record Response(int status, Map<String, Object> json, String retryAfter) {

    /** Vault's {@code {"errors": [...]}}, joined, for matching; may be empty. */
    String errors() {
      return json.get("errors") instanceof List<?> list
          ? String.join("; ", list.stream().map(String::valueOf).toList())
          : "";
    }

    /** Vault's {@code {"warnings": [...]}}, joined; may be empty. */
    String warnings() {
      return json.get("warnings") instanceof List<?> list
          ? String.join("; ", list.stream().map(String::valueOf).toList())
          : "";
    }
  }

  private final URI address;
  private final String namespace;
  private final Duration timeout;
  private final SSLContext ssl;
  private final HttpsProxy proxy;
  private final ExecutorService executor;
  private volatile HttpClient client;

  /**
   * @param proxy null for direct connections
   */
  VaultHttp(URI address, String namespace, SSLContext ssl, HttpsProxy proxy, Duration timeout) {
    this.address = address;
    this.namespace = namespace;
    this.ssl = ssl;
    this.proxy = proxy;
    this.timeout = timeout;
    this.executor = Executors.newCachedThreadPool(AgentThreads.named("secrets-agent-vault-http-"));
  }

  /**
   * Built on first use, on an agent thread within the start-up budget: building it costs ~200 ms.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          HttpClient.Builder builder =
              HttpClient.newBuilder()
                  .connectTimeout(timeout)
                  .executor(executor)
                  .followRedirects(HttpClient.Redirect.NEVER);
          if (ssl != null) {
            builder.sslContext(ssl);
          }
          if (proxy != null) {
            proxy.applyTo(builder, "Vault");
          }
          client = builder.build();
        }
        c = client;
      }
    }
    return c;
  }

  Response get(String path, String token) throws BackendException {
    return send(request(path, token).GET());
  }

  Response post(String path, String token, Map<String, Object> body) throws BackendException {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(write(body))));
  }

  URI address() {
    return address;
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(address.resolve("/v1/" + path)).timeout(timeout);
    if (token != null) {
      builder.header("X-Vault-Token", token);
    }
    if (namespace != null) {
      builder.header("X-Vault-Namespace", namespace);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder builder) throws BackendException {
    HttpResponse<byte[]> response;
    try {
      response = client().send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNREACHABLE,
          "Vault "
              + address
              + " is unreachable: "
              + ConnectionFailure.why(e, "set VAULT_CACERT to its PEM file")
              + "; check VAULT_ADDR, DNS, firewall and proxy settings",
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          BackendException.Kind.UNREACHABLE, "interrupted while waiting for Vault " + address);
    }
    return new Response(
        response.statusCode(),
        parse(response.body()),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  /** The body as a JSON object, or an empty map: bodies are never quoted, they may hold secrets. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] body) {
    if (body.length == 0) {
      return Map.of();
    }
    try (JsonReader reader = JsonProviders.createReader(body)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        return Map.of();
      }
      return (Map<String, Object>) reader.readUntyped();
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      writer.writeUntyped(value);
      writer.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    return out.toByteArray();
  }

  static String writeString(Object value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /** Lets a short-lived JVM exit without waiting for the client's threads. */
  void close() {
    HttpClient c = client;
    if (c != null) {
      JdkHttpClientCloser.shutdown(c);
    }
    executor.shutdownNow();
  }
}
