package io.secretsagent.it.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.it.postgres.PostgresFixture;
import java.time.Instant;
import java.util.List;

/** Pools for the rotation tests: 4 connections, kept full, on a {@link PostgresFixture}. */
final class Pools {

  static final int SIZE = 4;

  private Pools() {}

  static HikariConfig config(String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setMaximumPoolSize(SIZE);
    config.setMinimumIdle(SIZE);
    config.setConnectionTimeout(10_000);
    return config;
  }

  /** A started jdbcUrl pool logging in as {@code role}, with all its connections open. */
  static HikariDataSource started(
      PostgresFixture postgres, String poolName, String role, String password) {
    HikariConfig config = config(poolName);
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(role);
    config.setPassword(password);
    return filled(new HikariDataSource(config));
  }

  static HikariDataSource filled(HikariDataSource pool) {
    Polling.await(
        () -> pool.getHikariPoolMXBean().getTotalConnections() == SIZE, SIZE + " connections");
    return pool;
  }

  /**
   * Whether {@code role} has exactly a full pool of sessions, every one started after {@code
   * since}.
   */
  static boolean allSessionsStartedAfter(PostgresFixture postgres, String role, Instant since) {
    List<Instant> starts = postgres.backendStartTimes(role);
    return starts.size() == SIZE && starts.stream().allMatch(start -> start.isAfter(since));
  }
}
