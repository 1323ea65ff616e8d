package io.secretsagent.it.hashicorp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tokens, their policies, and the roles that log in: Kubernetes roles (a role name and the one JWT
 * it accepts) and AppRoles (role id and secret id). A policy is a list of API path prefixes the
 * token may read and write; the policy {@code root} may do anything. Thread-safe.
 */
public final class VaultTokens {

  /** An issued token. {@code ttl} zero means it never expires. */
  public record Token(
      String id,
      String accessor,
      List<String> policies,
      Duration ttl,
      boolean renewable,
      Instant issued,
      Instant expires) {

    boolean validAt(Instant now) {
      return expires == null || now.isBefore(expires);
    }
  }

  /** What a login grants. */
  public record Grant(List<String> policies, Duration ttl, boolean renewable) {}

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, List<String>> policies = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<String, Grant>> kubernetesRoles = new ConcurrentHashMap<>();
  private final Map<String, Map.Entry<String, Grant>> appRoles = new ConcurrentHashMap<>();
  private final AtomicInteger renewals = new AtomicInteger();
  private final AtomicInteger logins = new AtomicInteger();
  private final List<String> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean refuseRenewals;

  VaultTokens(Clock clock) {
    this.clock = clock;
  }

  /** Issues a token, as {@code vault token create -policy=... -ttl=...} does. */
  public Token issue(Grant grant) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String id = "hvs." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Token token =
        new Token(
            id,
            HexFormat.of().formatHex(bytes, 0, 12),
            List.copyOf(grant.policies()),
            grant.ttl(),
            grant.renewable(),
            now,
            grant.ttl().isZero() ? null : now.plus(grant.ttl()));
    tokens.put(id, token);
    issued.add(id);
    return token;
  }

  /**
   * @return the token if it exists and has not expired
   */
  public Optional<Token> valid(String id) {
    Token token = id == null ? null : tokens.get(id);
    return token != null && token.validAt(clock.instant()) ? Optional.of(token) : Optional.empty();
  }

  /** Revokes a token at once. */
  public void revoke(String id) {
    tokens.remove(id);
  }

  /**
   * Defines (or replaces) a policy granting read and write on API paths starting with the prefixes.
   */
  public void policy(String name, String... pathPrefixes) {
    policies.put(name, List.of(pathPrefixes));
  }

  boolean allows(Token token, String apiPath) {
    return token.policies().stream()
        .anyMatch(
            p ->
                p.equals("root")
                    || policies.getOrDefault(p, List.of()).stream().anyMatch(apiPath::startsWith));
  }

  /** Lets {@code auth/kubernetes/login} accept {@code jwt} for {@code role}. */
  public void kubernetesRole(String role, String jwt, Grant grant) {
    kubernetesRoles.put(role, Map.entry(jwt, grant));
  }

  /** Lets {@code auth/approle/login} accept the pair. */
  public void appRole(String roleId, String secretId, Grant grant) {
    appRoles.put(roleId, Map.entry(secretId, grant));
  }

  Optional<Grant> kubernetesLogin(String role, String jwt) {
    return login(kubernetesRoles.get(role), jwt);
  }

  Optional<Grant> appRoleLogin(String roleId, String secretId) {
    return login(appRoles.get(roleId), secretId);
  }

  private Optional<Grant> login(Map.Entry<String, Grant> role, String credential) {
    if (role == null || !role.getKey().equals(credential)) {
      return Optional.empty();
    }
    logins.incrementAndGet();
    return Optional.of(role.getValue());
  }

  /**
   * Renews for the token's own TTL, as {@code renew-self} without an increment does.
   *
   * @return the renewed token, or empty if renewal is refused
   */
  Optional<Token> renew(Token token) {
    if (refuseRenewals || !token.renewable() || token.ttl().isZero()) {
      return Optional.empty();
    }
    Token renewed =
        new Token(
            token.id(),
            token.accessor(),
            token.policies(),
            token.ttl(),
            true,
            token.issued(),
            clock.instant().plus(token.ttl()));
    tokens.put(token.id(), renewed);
    renewals.incrementAndGet();
    return Optional.of(renewed);
  }

  /**
   * @param refuse true makes {@code renew-self} answer 403, as when a token reached its max TTL
   */
  public void refuseRenewals(boolean refuse) {
    this.refuseRenewals = refuse;
  }

  /**
   * @return how many renewals succeeded
   */
  public int renewals() {
    return renewals.get();
  }

  /**
   * @return how many Kubernetes and AppRole logins succeeded
   */
  public int logins() {
    return logins.get();
  }

  /**
   * @return every token id issued since the last reset, so tests can check that none leaks
   */
  public List<String> issued() {
    return List.copyOf(issued);
  }

  /** Forgets every token, policy, role and count. */
  public void reset() {
    tokens.clear();
    issued.clear();
    policies.clear();
    kubernetesRoles.clear();
    appRoles.clear();
    renewals.set(0);
    logins.set(0);
    refuseRenewals = false;
  }
}
