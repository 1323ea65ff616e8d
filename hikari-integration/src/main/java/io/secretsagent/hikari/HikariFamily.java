package io.secretsagent.hikari;

import io.secretsagent.pool.PoolFamily;

/**
 * How the agent finds HikariCP pools (ADR-017): {@code HikariConfig}'s constructor looks up {@code
 * hikaricp.configurationFile} in every HikariCP version since 2, and {@code
 * HikariPool(HikariConfig)}, the same in 5, 6 and 7, is handed the data source that starts it.
 * Loaded in the agent's own loader: it must not touch HikariCP.
 */
public final class HikariFamily implements PoolFamily {

  @Override
  public String name() {
    return "HikariCP";
  }

  @Override
  public String triggerProperty() {
    return "hikaricp.configurationFile";
  }

  @Override
  public String triggerClass() {
    return "com.zaxxer.hikari.HikariConfig";
  }

  @Override
  public String watchedClass() {
    return "com.zaxxer.hikari.pool.HikariPool";
  }

  @Override
  public String watchedConstructor() {
    return "(Lcom/zaxxer/hikari/HikariConfig;)V";
  }

  @Override
  public int watchedArgument() {
    return 1;
  }

  @Override
  public String integrationClass() {
    return "io.secretsagent.hikari.HikariPoolIntegration";
  }

  @Override
  public String passwordAdvice() {
    return "set it as the pool's password instead (HikariConfig.setPassword, spring.datasource.password)";
  }
}
