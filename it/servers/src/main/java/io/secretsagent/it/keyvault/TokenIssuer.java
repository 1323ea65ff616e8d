package io.secretsagent.it.keyvault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues opaque bearer tokens bound to an identity and checks them. The vault accepts only tokens
 * issued here that have not expired (by the injected clock) and were not revoked.
 */
public final class TokenIssuer {

  /**
   * An issued token.
   *
   * @param token the opaque bearer token
   * @param identity the client id of the identity it was issued to
   * @param expiresAt when the vault stops accepting it
   */
  public record Token(String token, String identity, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[identity=" + identity + ", expiresAt=" + expiresAt + "]";
    }
  }

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> issued = new ConcurrentHashMap<>();
  private volatile Duration lifetime = Duration.ofHours(1);

  TokenIssuer(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param identity the identity (client id) the token speaks for
   * @return a new token valid for {@link #lifetime(Duration) the lifetime}
   */
  public Token issue(String identity) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    Token token =
        new Token(
            "kvtest." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
            identity,
            clock.instant().plus(lifetime));
    issued.put(token.token(), token);
    return token;
  }

  /**
   * @return the identity a valid token speaks for; empty if the token is unknown, revoked or
   *     expired
   */
  public Optional<String> identityOf(String token) {
    Token found = token == null ? null : issued.get(token);
    if (found == null || !clock.instant().isBefore(found.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(found.identity());
  }

  /**
   * @return whole seconds until {@code token} expires, at least 1 (for OAuth's {@code expires_in})
   */
  long secondsLeft(Token token) {
    return Math.max(1, Duration.between(clock.instant(), token.expiresAt()).getSeconds());
  }

  /**
   * Sets the lifetime of tokens issued from now on (default one hour). Note that azure-core
   * refreshes a token five minutes before it expires, so lifetimes under five minutes mean a token
   * request per call.
   */
  public void lifetime(Duration newLifetime) {
    if (newLifetime.isNegative() || newLifetime.isZero()) {
      throw new IllegalArgumentException("Token lifetime must be positive; got " + newLifetime);
    }
    this.lifetime = newLifetime;
  }

  /** Forgets every token issued so far: the vault answers 401 to all of them. */
  public void revokeAll() {
    issued.clear();
  }

  /**
   * @return how many tokens were issued and not revoked
   */
  public int issuedCount() {
    return issued.size();
  }
}
