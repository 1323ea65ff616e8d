package io.secretsagent.internal.store;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.spi.SecretRef;

/**
 * A managed environment variable or system property, bound to a secret (and optionally a field of
 * it), with the value currently served. {@link #toString()} never shows the value.
 */
public final class ManagedKey {
  private final KeySpec.Kind kind;
  private final String name;
  private final SecretRef ref;
  private final String field;
  private volatile String value;

  public ManagedKey(KeySpec.Kind kind, String name, SecretRef ref, String field) {
    this.kind = kind;
    this.name = name;
    this.ref = ref;
    this.field = field;
  }

  public KeySpec.Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public SecretRef ref() {
    return ref;
  }

  /** The JSON field selected from the secret, or null for the whole value. */
  public String field() {
    return field;
  }

  /** The value served, or null while unresolved (then the JDK's own value is served). */
  public String value() {
    return value;
  }

  void value(String newValue) {
    this.value = newValue;
  }

  /** For messages: {@code DB_PASSWORD -> secret 'db-creds#password'}. */
  public String describe() {
    return name + " -> secret '" + ref + (field == null ? "" : "#" + field) + "'";
  }

  @Override
  public String toString() {
    return "ManagedKey[" + describe() + "]";
  }
}
