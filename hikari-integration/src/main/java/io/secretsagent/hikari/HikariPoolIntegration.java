package io.secretsagent.hikari;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolIntegration;

/**
 * The agent's way into this module (ADR-017): loaded beside the application's HikariCP, called
 * through the typed pool-integration contract.
 */
public final class HikariPoolIntegration implements PoolIntegration {

  /**
   * @throws IllegalArgumentException for a pool built from a bare {@code HikariConfig}: only a
   *     {@code HikariDataSource} can be moved to new credentials
   */
  @Override
  public FoundPool inspect(Object announced) {
    if (announced == null || announced.getClass() != HikariDataSource.class) {
      throw new IllegalArgumentException(
          "a HikariCP pool was built from a bare HikariConfig; only HikariDataSource pools are followed");
    }
    return new HikariFoundPool((HikariDataSource) announced);
  }
}
