package io.secretsagent.it.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.hikari.CredentialSwapper;
import io.secretsagent.hikari.Credentials;
import io.secretsagent.hikari.SwapOutcome;
import io.secretsagent.hikari.UnsupportedPoolException;
import io.secretsagent.it.postgres.PostgresFixture;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real, working pools whose credentials are fixed at start are refused with a message that says
 * what to change.
 */
@ExtendWith(SharedPostgres.class)
class PoolShapeRefusalTest {

  private static final String PASSWORD = "pw-shape-7f3a";

  private static PostgresFixture postgres;

  @BeforeAll
  static void usePostgres(PostgresFixture shared) {
    postgres = shared;
    postgres.createRole("shape", PASSWORD);
  }

  @Test
  void passwordInJdbcUrl() {
    HikariConfig config = Pools.config("url-password");
    config.setJdbcUrl(postgres.jdbcUrl() + "?password=" + PASSWORD);
    config.setUsername("shape");

    String message = refusal(config);

    assertEquals(
        "HikariCP pool 'url-password' cannot take new credentials at runtime: its jdbcUrl carries a"
            + " password, which the driver prefers to the pool's; remove it from the URL and set it with"
            + " HikariConfig.setPassword (spring.datasource.password).",
        message);
  }

  @Test
  void dataSourceClassNameWithoutUsername() {
    HikariConfig config = pgSimpleDataSource("no-username");
    config.addDataSourceProperty("user", "shape");
    config.addDataSourceProperty("password", PASSWORD);

    String message = refusal(config);

    assertTrue(
        message.startsWith(
            "HikariCP pool 'no-username' cannot take new credentials at runtime: it has no"
                + " username, so HikariCP opens connections with DataSource.getConnection()"),
        message);
    assertTrue(message.contains("; also, its dataSourceProperties contain 'password'"), message);
  }

  @Test
  void passwordInDataSourceProperties() {
    HikariConfig config = Pools.config("props-password");
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername("shape");
    config.addDataSourceProperty("password", PASSWORD);

    assertEquals(
        "HikariCP pool 'props-password' cannot take new credentials at runtime: its"
            + " dataSourceProperties contain 'password', fixed when the pool started; remove it and set the"
            + " password with HikariConfig.setPassword (spring.datasource.password).",
        refusal(config));
  }

  @Test
  void dataSourceClassNamePoolWithUsernameSwaps() {
    postgres.createRole("ds_class", "old");
    HikariConfig config = pgSimpleDataSource("ds-class");
    config.setUsername("ds_class");
    config.setPassword("old");
    try (HikariDataSource pool = Pools.filled(new HikariDataSource(config));
        CredentialSwapper swapper = CredentialSwapper.bind(pool)) {
      postgres.alterPassword("ds_class", "new");
      Instant swapStarted = Instant.now();

      assertEquals(
          SwapOutcome.APPLIED, swapper.swap(Credentials.of("ds_class", "new")).getNow(null));

      Polling.await(
          () -> Pools.allSessionsStartedAfter(postgres, "ds_class", swapStarted),
          "all sessions of the dataSourceClassName pool on the new password");
    }
  }

  private static HikariConfig pgSimpleDataSource(String poolName) {
    HikariConfig config = Pools.config(poolName);
    config.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
    config.addDataSourceProperty("url", postgres.jdbcUrl());
    return config;
  }

  /** Starts the pool (it works), then binding must refuse it, never showing the password. */
  private static String refusal(HikariConfig config) {
    try (HikariDataSource pool = Pools.filled(new HikariDataSource(config))) {
      String message =
          assertThrows(UnsupportedPoolException.class, () -> CredentialSwapper.bind(pool))
              .getMessage();
      assertFalse(message.contains(PASSWORD), message);
      return message;
    }
  }
}
