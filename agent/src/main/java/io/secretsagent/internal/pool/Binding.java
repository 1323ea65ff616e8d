package io.secretsagent.internal.pool;

import io.secretsagent.internal.store.ManagedKey;

/**
 * The managed keys a pool's credentials come from: the password's key and, when the same secret
 * also holds the username, the username's key (else null: the pool keeps its username).
 */
public record Binding(ManagedKey password, ManagedKey username) {

  /** For log lines and JMX: what follows the secret. */
  public String describe() {
    return username == null ? "password" : "username and password";
  }
}
