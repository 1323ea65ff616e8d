package io.secretsagent.it.keyvault;

import java.util.Optional;

/**
 * Key Vault's challenge-based authentication. A request without {@code Authorization} gets {@code
 * 401} with {@code WWW-Authenticate: Bearer
 * authorization="https://login.microsoftonline.com/<tenant>", resource="https://vault.azure.net"}
 * and an empty body, which is what the SDK's {@code KeyVaultCredentialPolicy} expects before it
 * asks its credential for a token. A bearer token is accepted only if {@link TokenIssuer} issued it
 * and it is still valid.
 */
final class BearerChallenge {

  /** The resource Key Vault tokens are for; scopes are this plus {@code /.default}. */
  static final String RESOURCE = "https://vault.azure.net";

  private final String tenantId;
  private final TokenIssuer tokens;

  BearerChallenge(String tenantId, TokenIssuer tokens) {
    this.tenantId = tenantId;
    this.tokens = tokens;
  }

  /**
   * @return the identity the request's valid bearer token speaks for, or empty
   */
  Optional<String> identity(Request request) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return tokens.identityOf(authorization.substring(7).trim());
  }

  /**
   * @return the 401 to answer a request that {@link #identity} did not accept
   */
  Reply reject(Request request) {
    Reply reply =
        request.header("Authorization") == null
            ? Reply.empty(401)
            : Reply.error(
                401,
                "Unauthorized",
                "AKV10032: The bearer token was not issued by this test"
                    + " server, or it expired or was revoked.",
                null);
    return reply.withHeader(
        "WWW-Authenticate",
        "Bearer authorization=\"https://login.microsoftonline.com/"
            + tenantId
            + "\", resource=\""
            + RESOURCE
            + "\"");
  }
}
