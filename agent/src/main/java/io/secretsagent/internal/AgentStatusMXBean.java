package io.secretsagent.internal;

/**
 * The agent in JMX, {@code io.secretsagent:type=SecretsAgent}: what is served and how it fares,
 * never a value.
 */
public interface AgentStatusMXBean {

  /** Where secrets come from, e.g. {@code Key Vault https://my-vault.vault.azure.net}. */
  String getBackend();

  /** Per managed key: secret, version, last refresh, failed refreshes, rotations. */
  String[] getKeys();

  /** Per HikariCP pool bound to a secret: the secret, swaps, last outcome. */
  String[] getPools();
}
