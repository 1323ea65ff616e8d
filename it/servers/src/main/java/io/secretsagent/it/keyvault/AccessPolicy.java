package io.secretsagent.it.keyvault;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which identity may read which secret. Open by default: every identity with a valid token may use
 * every secret. Restrictions answer {@code 403 Forbidden} like a vault whose access policy lacks
 * the permission.
 */
public final class AccessPolicy {

  private final Map<String, Set<String>> allowedByIdentity = new ConcurrentHashMap<>();
  private final Set<String> forbiddenSecrets = ConcurrentHashMap.newKeySet();

  AccessPolicy() {}

  /**
   * Limits an identity to the named secrets (an empty set denies it everything).
   *
   * @param identity the client id tokens are issued to
   * @param secretNames the only secrets it may use
   */
  public void restrict(String identity, Set<String> secretNames) {
    allowedByIdentity.put(identity, Set.copyOf(secretNames));
  }

  /** Denies {@code identity} every secret. */
  public void deny(String identity) {
    restrict(identity, Set.of());
  }

  /** Denies every identity the named secret. */
  public void forbid(String secretName) {
    forbiddenSecrets.add(secretName);
  }

  /** Lifts every restriction. */
  public void allowAll() {
    allowedByIdentity.clear();
    forbiddenSecrets.clear();
  }

  /**
   * @param identity the caller
   * @param secretName the secret, or {@code null} for vault-wide operations such as listing
   * @return whether the call is allowed
   */
  public boolean allows(String identity, String secretName) {
    Set<String> allowed = allowedByIdentity.get(identity);
    if (secretName == null) {
      return allowed == null || !allowed.isEmpty();
    }
    return !forbiddenSecrets.contains(secretName)
        && (allowed == null || allowed.contains(secretName));
  }
}
