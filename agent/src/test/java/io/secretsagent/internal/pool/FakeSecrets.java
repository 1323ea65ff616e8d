package io.secretsagent.internal.pool;

import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.ManagedKeyValues;
import io.secretsagent.internal.store.RotationListener;
import io.secretsagent.spi.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** The store as pool binding sees it: rotations happen when the test says. */
final class FakeSecrets implements Secrets {

  final List<RotationListener> listeners = new CopyOnWriteArrayList<>();
  final List<SecretRef> refreshed = new ArrayList<>();
  private final List<ManagedKey> keys;

  FakeSecrets(List<ManagedKey> keys) {
    this.keys = keys;
  }

  /** Serves {@code value} for {@code key} and tells the listeners of its secret. */
  void rotate(ManagedKey key, String value) {
    ManagedKeyValues.set(key, value);
    listeners.forEach(l -> l.rotated(key.ref(), values(key.ref())));
  }

  @Override
  public void addListener(RotationListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(RotationListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void refresh(SecretRef ref) {
    refreshed.add(ref);
  }

  @Override
  public Map<String, String> values(SecretRef ref) {
    return keys.stream()
        .filter(k -> k.ref().equals(ref) && k.value() != null)
        .collect(Collectors.toMap(ManagedKey::name, ManagedKey::value));
  }
}
