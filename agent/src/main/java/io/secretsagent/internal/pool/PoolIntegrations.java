package io.secretsagent.internal.pool;

import io.secretsagent.pool.PoolFamily;
import io.secretsagent.pool.PoolIntegration;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Each family's {@link PoolIntegration}, loaded once per class loader of the pool library, in its
 * own {@link PoolLoader}.
 */
final class PoolIntegrations {

  private final ClassLoader agent;
  private final Map<PoolFamily, Map<ClassLoader, PoolIntegration>> loaded = new HashMap<>();

  /**
   * @param agent the loader of the contract and of the integrations' class files
   */
  PoolIntegrations(ClassLoader agent) {
    this.agent = agent;
  }

  /** The family's integration beside {@code library}. */
  synchronized PoolIntegration beside(PoolFamily family, ClassLoader library)
      throws ReflectiveOperationException {
    Map<ClassLoader, PoolIntegration> byLoader =
        loaded.computeIfAbsent(family, f -> new WeakHashMap<>());
    PoolIntegration integration = byLoader.get(library);
    if (integration == null) {
      String name = family.integrationClass();
      ClassLoader loader = new PoolLoader(library, agent, name.substring(0, name.lastIndexOf('.')));
      integration =
          Class.forName(name, true, loader)
              .asSubclass(PoolIntegration.class)
              .getConstructor()
              .newInstance();
      byLoader.put(library, integration);
    }
    return integration;
  }
}
