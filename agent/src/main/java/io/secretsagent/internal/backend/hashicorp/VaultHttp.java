package io.secretsagent.internal.backend.hashicorp;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.HttpTransport;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.internal.http.ServerText;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * An answer: status, the JSON body as maps and lists (empty when there is none), Retry-After, and
   * the credentials its request carried (the token, a login's JWT or secret id), which {@link
   * #quotedErrors} never repeats.
   *
   * @param looksLikeVault whether the body was a JSON object, as every Vault answer is
   */
  record Response(
      int status,
      Map<String, Object> json,
      String retryAfter,
      boolean looksLikeVault,
      List<String> sent) {

    Response(int status, Map<String, Object> json, String retryAfter) {
      this(status, json, retryAfter, true, List.of());
    }

    /** Never the credentials: {@code toString} is for tests and debugging only. */
    @Override
    public String toString() {
      return "Response[" + status + "]";
    }

    /**
     * Vault's {@code errors} as a message may quote them: without the request's credentials or
     * anything shaped like one ({@link ServerText}); may be empty.
     */
    String quotedErrors() {
      return ServerText.excerpt(errors(), sent);
    }

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
  private final String server;
  private final Clock clock;
  private final HttpTransport transport;

  /**
   * @param proxy null for direct connections
   * @param ssl the trust for Vault's certificate ({@code VAULT_CACERT}, else the default trust)
   */
  VaultHttp(URI address, String namespace, SSLContext ssl, HttpsProxy proxy, Duration timeout) {
    this(address, namespace, ssl, proxy, timeout, Clock.systemUTC());
  }

  /**
   * @param clock what a {@code Retry-After} date is measured against
   */
  VaultHttp(
      URI address,
      String namespace,
      SSLContext ssl,
      HttpsProxy proxy,
      Duration timeout,
      Clock clock) {
    this.clock = clock;
    this.address = address;
    this.namespace = namespace;
    this.server = "Vault " + address + (namespace == null ? "" : " (namespace " + namespace + ")");
    this.transport =
        new HttpTransport(
            server,
            ssl,
            proxy,
            timeout,
            "set " + Setting.VAULT_CACERT.environmentName() + " to its PEM file",
            "check " + Setting.VAULT_ADDR.environmentName() + ", DNS, firewall and proxy settings");
  }

  Response get(String path, String token) throws BackendException {
    return send(request(path, token).GET(), token == null ? List.of() : List.of(token));
  }

  /**
   * @param credentials the body's credentials (a JWT, a secret id), never repeated in messages
   */
  Response post(String path, String token, Map<String, Object> body, String... credentials)
      throws BackendException {
    List<String> sent = new ArrayList<>(Arrays.asList(credentials));
    if (token != null) {
      sent.add(token);
    }
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(write(body))),
        sent);
  }

  URI address() {
    return address;
  }

  /**
   * What messages call this Vault, e.g. {@code Vault https://vault:8200 (namespace team-a)}: the
   * backend's description, and the name the transport's messages use.
   */
  String server() {
    return server;
  }

  /** The namespace ({@code X-Vault-Namespace}), or null. */
  String namespace() {
    return namespace;
  }

  Clock clock() {
    return clock;
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

  private Response send(HttpRequest.Builder builder, List<String> sent) throws BackendException {
    HttpTransport.Answer answer = transport.send(builder.build());
    Map<String, Object> json = parse(answer.body());
    return new Response(
        answer.status(),
        json == null ? Map.of() : json,
        answer.headers().firstValue("Retry-After").orElse(null),
        json != null,
        List.copyOf(sent));
  }

  /**
   * The body as a JSON object, or null when it is not one: bodies are never quoted, they may hold
   * secrets.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try (JsonReader reader = JsonProviders.createReader(body)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      return (Map<String, Object>) reader.readUntyped();
    } catch (IOException | RuntimeException e) {
      return null;
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
