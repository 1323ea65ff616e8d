package io.secretsagent.internal;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.SecretStore;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import javax.management.ObjectName;

/**
 * The agent's MBean. Registered late (after the first refresh interval, at most a minute), never in
 * premain: touching the platform MBean server starts {@code java.util.logging}, which must stay the
 * application's to configure first. Left out, with a debug line, on a runtime without {@code
 * java.management}.
 */
final class AgentStatus implements AgentStatusMXBean {

  static final String NAME = "io.secretsagent:type=SecretsAgent";

  private final SecretStore store;
  private final Supplier<List<String>> pools;

  AgentStatus(SecretStore store, Supplier<List<String>> pools) {
    this.store = store;
    this.pools = pools;
  }

  @Override
  public String getBackend() {
    return store.describeBackend();
  }

  @Override
  public String[] getKeys() {
    return store.status().toArray(String[]::new);
  }

  @Override
  public String[] getPools() {
    return pools.get().toArray(String[]::new);
  }

  void register() {
    try {
      ObjectName name = new ObjectName(NAME);
      var server = ManagementFactory.getPlatformMBeanServer();
      if (!server.isRegistered(name)) {
        server.registerMBean(this, name);
      }
    } catch (Exception | LinkageError e) {
      Log.debug("the agent's MBean is not registered: " + e);
    }
  }
}
