package io.secretsagent.it.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * An in-process stand-in for {@code ManagedIdentityCredential}: asks the server's App Service
 * identity endpoint for a token over real HTTP, but without MSAL's JVM-wide cache or the process
 * environment, so each test gets fresh tokens. The real credential is exercised in {@link
 * ManagedIdentityChildJvmTest}.
 */
final class IdentityEndpointCredential implements TokenCredential {

  private final WireClient http;
  private final String identityHeader;
  private final String clientId;
  private final AtomicInteger requests = new AtomicInteger();

  IdentityEndpointCredential(KeyVaultServer server, String clientId) {
    this.http = new WireClient(server);
    this.identityHeader = server.identityHeader();
    this.clientId = clientId;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(
        () -> {
          requests.incrementAndGet();
          String scope = request.getScopes().get(0);
          String resource =
              scope.endsWith("/.default") ? scope.substring(0, scope.length() - 9) : scope;
          var response = http.identity(identityHeader, resource, clientId);
          if (response.statusCode() != 200) {
            throw new IllegalStateException(
                "identity endpoint: " + response.statusCode() + " " + response.body());
          }
          Map<String, Object> json = WireClient.json(response);
          Instant expires = Instant.ofEpochSecond(Long.parseLong((String) json.get("expires_on")));
          return new AccessToken(
              (String) json.get("access_token"), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
        });
  }

  /**
   * @return how many tokens were requested
   */
  int requests() {
    return requests.get();
  }
}
