package io.secretsagent.it.hikari;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.it.postgres.PostgresFixture;

/**
 * A child JVM for an application with a database pool, its password served by the agent from a
 * file.
 */
public final class PoolAppJvm {

  private PoolAppJvm() {}

  /**
   * The agent with the file backend managing {@code DB_PASSWORD} (secret {@code db-password});
   * {@code DB_URL} and {@code DB_USERNAME} plain; the test class path for the application.
   */
  public static AgentJvm withAgent(
      PostgresFixture postgres, String role, SecretsFile file, String refresh) {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env("SECRETS_REFRESH_INTERVAL", refresh)
        .env("DB_URL", postgres.jdbcUrl())
        .env("DB_USERNAME", role)
        .classPath(System.getProperty("java.class.path"));
  }
}
