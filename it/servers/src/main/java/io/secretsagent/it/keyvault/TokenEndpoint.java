package io.secretsagent.it.keyvault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The App Service managed identity endpoint (api-version 2019-08-01), as {@code
 * ManagedIdentityCredential} (through MSAL4J) calls it when {@code IDENTITY_ENDPOINT} and {@code
 * IDENTITY_HEADER} are set: {@code GET
 * <IDENTITY_ENDPOINT>?api-version=2019-08-01&resource=https://vault.azure.net[&client_id=...]} with
 * header {@code X-IDENTITY-HEADER: <IDENTITY_HEADER>}. The answer is {@code {access_token,
 * expires_on (epoch seconds, as a string), resource, token_type: "Bearer", client_id}}.
 *
 * <p>The token speaks for {@code client_id} (or {@code mi_res_id}, {@code object_id}, {@code
 * principal_id}) when one is given, else for the system-assigned identity. A missing header is
 * {@code 400}, a wrong one {@code 401}, a resource other than Key Vault {@code 400}.
 */
final class TokenEndpoint {

  /** The header App Service's identity endpoint requires. */
  static final String SECRET_HEADER = "X-IDENTITY-HEADER";

  private final TokenIssuer tokens;
  private final String identityHeader;
  private final String systemIdentity;

  TokenEndpoint(TokenIssuer tokens, String identityHeader, String systemIdentity) {
    this.tokens = tokens;
    this.identityHeader = identityHeader;
    this.systemIdentity = systemIdentity;
  }

  Reply handle(Request request) {
    if (!"GET".equals(request.method())) {
      return failure(405, "invalid_request", "Use GET on the managed identity endpoint.");
    }
    String secret = request.header(SECRET_HEADER);
    if (secret == null) {
      return failure(400, "invalid_request", "The " + SECRET_HEADER + " header is missing.");
    }
    if (!secret.equals(identityHeader)) {
      return failure(
          401,
          "invalid_request",
          "The " + SECRET_HEADER + " header does not match IDENTITY_HEADER.");
    }
    String resource = request.query("resource");
    if (resource == null || !BearerChallenge.RESOURCE.equals(normalise(resource))) {
      return failure(
          400,
          "invalid_resource",
          "This test server issues tokens only for resource "
              + BearerChallenge.RESOURCE
              + "; got "
              + resource
              + ".");
    }
    String identity = firstPresent(request, "client_id", "mi_res_id", "object_id", "principal_id");
    TokenIssuer.Token token = tokens.issue(identity == null ? systemIdentity : identity);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", token.token());
    json.put("expires_on", Long.toString(token.expiresAt().getEpochSecond()));
    json.put("resource", BearerChallenge.RESOURCE);
    json.put("token_type", "Bearer");
    json.put("client_id", token.identity());
    return Reply.json(200, json);
  }

  private static String normalise(String resource) {
    String r =
        resource.endsWith("/.default") ? resource.substring(0, resource.length() - 9) : resource;
    return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
  }

  private static String firstPresent(Request request, String... names) {
    for (String name : names) {
      String value = request.query(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static Reply failure(int status, String error, String description) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", error);
    json.put("error_description", description);
    json.put("statusCode", status);
    json.put("message", description);
    return Reply.json(status, json);
  }
}
