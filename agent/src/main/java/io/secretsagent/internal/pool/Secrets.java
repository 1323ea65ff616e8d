package io.secretsagent.internal.pool;

import io.secretsagent.internal.store.RotationListener;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.SecretRef;
import java.util.Map;

/** What pool binding needs of the secret store; tests give a fake. */
public interface Secrets {

  void addListener(RotationListener listener);

  void removeListener(RotationListener listener);

  /** Fetches the secret now (single-flight); a change reaches the listeners. */
  void refresh(SecretRef ref);

  /** Every managed key bound to {@code ref}, by name, as now served. */
  Map<String, String> values(SecretRef ref);

  static Secrets of(SecretStore store) {
    return new Secrets() {
      @Override
      public void addListener(RotationListener listener) {
        store.addListener(listener);
      }

      @Override
      public void removeListener(RotationListener listener) {
        store.removeListener(listener);
      }

      @Override
      public void refresh(SecretRef ref) {
        store.refresh(ref);
      }

      @Override
      public Map<String, String> values(SecretRef ref) {
        return store.values(ref);
      }
    };
  }
}
