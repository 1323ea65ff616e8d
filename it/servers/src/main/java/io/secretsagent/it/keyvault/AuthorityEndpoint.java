package io.secretsagent.it.keyvault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A stand-in for Entra ID (login.microsoftonline.com) for workload identity, served on the HTTPS
 * listener so that its URL can be {@code AZURE_AUTHORITY_HOST}. {@code WorkloadIdentityCredential}
 * (through MSAL4J's confidential client) posts a client-credentials request to {@code
 * /<tenant>/oauth2/v2.0/token} with {@code client_assertion} = the content of {@code
 * AZURE_FEDERATED_TOKEN_FILE}; the token issued speaks for {@code client_id}. The OpenID metadata
 * document is served too, for clients that look it up first.
 *
 * <p>MSAL sends instance discovery for any authority host it does not know to the real
 * login.microsoftonline.com, so clients must disable instance discovery ({@code
 * WorkloadIdentityCredentialBuilder.disableInstanceDiscovery()}).
 */
final class AuthorityEndpoint {

  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final TokenIssuer tokens;
  private final String tenantId;
  private final String federatedToken;
  private final Supplier<String> baseUrl;

  AuthorityEndpoint(
      TokenIssuer tokens, String tenantId, String federatedToken, Supplier<String> baseUrl) {
    this.tokens = tokens;
    this.tenantId = tenantId;
    this.federatedToken = federatedToken;
    this.baseUrl = baseUrl;
  }

  Reply handle(Request request) {
    String path = request.path();
    if (path.equals("/" + tenantId + "/oauth2/v2.0/token") && request.method().equals("POST")) {
      return token(request.form());
    }
    if (path.equals("/" + tenantId + "/v2.0/.well-known/openid-configuration")) {
      return Reply.json(200, metadata());
    }
    if (path.endsWith("/oauth2/v2.0/token") || path.endsWith("/.well-known/openid-configuration")) {
      return failure(
          400,
          "invalid_tenant",
          "AADSTS90002: Tenant '"
              + path.split("/")[1]
              + "' not found. This test server knows only tenant "
              + tenantId
              + ".");
    }
    return failure(
        404,
        "not_found",
        "The authority serves only /"
            + tenantId
            + "/oauth2/v2.0/token and"
            + " /"
            + tenantId
            + "/v2.0/.well-known/openid-configuration; got "
            + request.method()
            + " "
            + path);
  }

  private Reply token(Map<String, String> form) {
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return failure(
          400,
          "unsupported_grant_type",
          "Only client_credentials is supported; got " + form.get("grant_type"));
    }
    String clientId = form.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      return failure(
          400, "invalid_request", "AADSTS900144: The request body must contain client_id.");
    }
    if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))
        || !federatedToken.equals(form.get("client_assertion"))) {
      return failure(
          401,
          "invalid_client",
          "AADSTS700213: No matching federated identity record found for"
              + " the presented assertion: client_assertion is not this server's federated token.");
    }
    String scope = form.getOrDefault("scope", "");
    if (!scope.contains(BearerChallenge.RESOURCE)) {
      return failure(
          400,
          "invalid_scope",
          "This test server issues tokens only for "
              + BearerChallenge.RESOURCE
              + "/.default; got scope '"
              + scope
              + "'.");
    }
    TokenIssuer.Token token = tokens.issue(clientId);
    long expiresIn = tokens.secondsLeft(token);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token_type", "Bearer");
    json.put("expires_in", expiresIn);
    json.put("ext_expires_in", expiresIn);
    json.put("access_token", token.token());
    return Reply.json(200, json);
  }

  private Map<String, Object> metadata() {
    String base = baseUrl.get() + "/" + tenantId;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token_endpoint", base + "/oauth2/v2.0/token");
    json.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
    json.put("issuer", base + "/v2.0");
    json.put("token_endpoint_auth_methods_supported", java.util.List.of("private_key_jwt"));
    return json;
  }

  private static Reply failure(int status, String error, String description) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", error);
    json.put("error_description", description);
    json.put("error_codes", java.util.List.of());
    return Reply.json(status, json);
  }
}
