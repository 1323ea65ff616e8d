package io.secretsagent.internal.lookup;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The lookups behind the patched {@code System} methods. A managed key answers with the value
 * served for it; anything else, and a managed key not (yet) resolved, answers with the JDK's own
 * value. The maps are built once and only read afterwards.
 */
public final class Lookups {

  private final Map<String, ManagedKey> environment = new HashMap<>();
  private final Map<String, ManagedKey> properties = new HashMap<>();
  private volatile ManagedEnvironment environmentView;

  public Lookups(List<ManagedKey> keys) {
    for (ManagedKey key : keys) {
      (key.kind() == KeySpec.Kind.ENVIRONMENT ? environment : properties).put(key.name(), key);
    }
  }

  /**
   * Connects the bridge, which {@code System} calls, to these lookups.
   *
   * @param bridgeInstall the bridge's {@code install(BinaryOperator, BinaryOperator, UnaryOperator)}
   */
  public void install(MethodHandle bridgeInstall) throws Throwable {
    bridgeInstall.invoke(lookup(environment), lookup(properties), environmentMap());
  }

  BinaryOperator<String> lookup(Map<String, ManagedKey> keys) {
    return (name, jdkValue) -> {
      ManagedKey key = keys.get(name);
      if (key == null) {
        return jdkValue;
      }
      String value = key.value();
      return value != null ? value : jdkValue;
    };
  }

  UnaryOperator<Map<String, String>> environmentMap() {
    return jdkMap -> {
      ManagedEnvironment view = environmentView;
      if (view == null || !view.wraps(jdkMap)) {
        view = new ManagedEnvironment(jdkMap, environment);
        environmentView = view;
      }
      return view;
    };
  }
}
