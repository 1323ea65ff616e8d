package io.secretsagent.internal.backend.hashicorp;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.HttpTransport;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Vault's HTTP API over the JDK's {@code HttpClient}: {@code /v1/<path>} with the {@code
 * X-Vault-Token} and {@code X-Vault-Namespace} headers, JSON both ways, through the agent's {@link
 * HttpTransport} (one deadline per exchange, bounded bodies). A request that gets no complete
 * answer becomes a {@link BackendException}; any answer, whatever its status, is returned for the
 * caller to judge. Not final: tests stand in for Vault by overriding {@link #get} and {@link
 * #post}.
 */
class VaultHttp {

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
  private final HttpTransport transport;

  /**
   * @param proxy null for direct connections
   * @param ssl the trust for Vault's certificate ({@code VAULT_CACERT}, else the default trust)
   */
  VaultHttp(URI address, String namespace, SSLContext ssl, HttpsProxy proxy, Duration timeout) {
    this.address = address;
    this.namespace = namespace;
    this.transport =
        new HttpTransport(
            "Vault " + address,
            ssl,
            proxy,
            timeout,
            "set " + Setting.VAULT_CACERT.environmentName() + " to its PEM file",
            "check " + Setting.VAULT_ADDR.environmentName() + ", DNS, firewall and proxy settings");
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

  /**
   * Header values were checked when configured ({@link VaultLogin#checkToken}); should one still be
   * refused, the JDK's message, which quotes it, is dropped.
   */
  private HttpRequest.Builder request(String path, String token) throws BackendException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(address.resolve("/v1/" + path)).timeout(transport.deadline());
    try {
      if (token != null) {
        builder.header("X-Vault-Token", token);
      }
      if (namespace != null) {
        builder.header("X-Vault-Namespace", namespace);
      }
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          Kind.UNAUTHENTICATED,
          "the Vault token or namespace holds a character an HTTP header cannot carry"
              + " (a line break, a control character or one outside Latin-1); write it on one line");
    }
    return builder;
  }

  private Response send(HttpRequest.Builder builder) throws BackendException {
    HttpTransport.Answer answer = transport.send(builder.build());
    return new Response(
        answer.status(),
        parse(answer.body()),
        answer.headers().firstValue("Retry-After").orElse(null));
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
    transport.close();
  }
}
