package io.secretsagent.internal.store;

/** Sets a key's served value from tests in other packages. */
public final class ManagedKeyValues {
  private ManagedKeyValues() {}

  public static void set(ManagedKey key, String value) {
    key.value(value);
  }
}
