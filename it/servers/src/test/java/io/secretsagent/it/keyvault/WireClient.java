package io.secretsagent.it.keyvault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP client for a {@link KeyVaultServer}: the JDK client trusting the test certificate,
 * plus a way to get a token from the managed identity endpoint. For tests that look at the wire,
 * not through the SDK.
 */
final class WireClient {

  static final String API = "api-version=7.4";

  private final KeyVaultServer server;
  private final String vaultUrl;
  private final HttpClient client;

  WireClient(KeyVaultServer server) {
    this(server, server.vaultUrl(), server.certificate().clientContext());
  }

  /** For another vault (e.g. Lowkey Vault): only {@link #send} and {@link #get} work. */
  WireClient(String vaultUrl, SSLContext trust) {
    this(null, vaultUrl, trust);
  }

  private WireClient(KeyVaultServer server, String vaultUrl, SSLContext trust) {
    this.server = server;
    this.vaultUrl = vaultUrl;
    this.client =
        HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * @return a token for the system identity, fetched the way App Service managed identity does
   */
  String token() throws IOException, InterruptedException {
    return token(null);
  }

  /**
   * @return a token for {@code clientId} (null: the system identity)
   */
  String token(String clientId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        identity(server.identityHeader(), "https://vault.azure.net", clientId);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return (String) JsonCodec.parseObject(response.body().getBytes()).get("access_token");
  }

  HttpResponse<String> identity(String header, String resource, String clientId)
      throws IOException, InterruptedException {
    String uri =
        server.identityEndpoint()
            + "?api-version=2019-08-01&resource="
            + resource
            + (clientId == null ? "" : "&client_id=" + clientId);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
    if (header != null) {
      request.header("X-IDENTITY-HEADER", header);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * @param token bearer token, or null for none
   * @param path path and query below the vault URL
   * @param body JSON body, or null
   */
  HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(vaultUrl + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return send("GET", path, token, null);
  }

  /** Calls the admin API on the plain-HTTP listener. */
  HttpResponse<String> admin(String method, String path, String body)
      throws IOException, InterruptedException {
    String base = server.identityEndpoint().replace(KeyVaultServer.IDENTITY_PATH, "/_admin");
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> json(HttpResponse<String> response) {
    return JsonCodec.parseObject(response.body().getBytes());
  }
}
