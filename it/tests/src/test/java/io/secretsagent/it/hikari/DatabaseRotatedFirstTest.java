package io.secretsagent.it.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.hikari.CredentialSwapper;
import io.secretsagent.hikari.Credentials;
import io.secretsagent.hikari.LoginRejectionWatch;
import io.secretsagent.it.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The password changes in the database first and the sessions are ended: the pool's new logins fail
 * with 28P01, the watch notices, the caller fetches the current secret and swaps it in.
 */
@ExtendWith(SharedPostgres.class)
class DatabaseRotatedFirstTest {

  private static PostgresFixture postgres;

  @BeforeAll
  static void usePostgres(PostgresFixture shared) {
    postgres = shared;
  }

  @Test
  void watchSeesThePoolsRejectedLoginAndTheSwapRecoversThePool() throws Exception {
    postgres.createRole("db_first", "old");
    AtomicReference<String> secretStore = new AtomicReference<>("old");
    AtomicReference<String> rejectedState = new AtomicReference<>();
    AtomicLong rejectedAt = new AtomicLong();
    CountDownLatch rejected = new CountDownLatch(1);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (HikariDataSource pool = Pools.started(postgres, "db-first", "db_first", "old");
        CredentialSwapper swapper =
            CredentialSwapper.builder(pool)
                .scheduler(scheduler)
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .bind();
        LoginRejectionWatch watch =
            LoginRejectionWatch.start(
                pool,
                scheduler,
                Duration.ofMillis(20),
                rejection -> {
                  rejectedAt.compareAndSet(0, System.nanoTime());
                  rejectedState.compareAndSet(null, rejection.getSQLState());
                  rejected.countDown();
                  swapper.swap(Credentials.of("db_first", secretStore.get()));
                })) {
      secretStore.set("new");
      postgres.alterPassword("db_first", "new");
      Instant killed = Instant.now();
      long t0 = System.nanoTime();
      assertEquals(Pools.SIZE, postgres.terminateBackends("db_first"));

      int failedQueries = 0;
      while (!selectOne(pool)) {
        failedQueries++;
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "pool did not recover");
      }
      long recovered = System.nanoTime();
      Polling.await(
          () -> Pools.allSessionsStartedAfter(postgres, "db_first", killed),
          "a full pool on the new password");
      long full = System.nanoTime();

      assertTrue(rejected.await(0, TimeUnit.SECONDS), "watch reported the rejected login");
      assertEquals("28P01", rejectedState.get());
      assertEquals("new", pool.getPassword());
      HikariRotationTest.report(
          "db-rotated-first",
          "rejection seen after "
              + HikariRotationTest.millis(rejectedAt.get() - t0)
              + ", first good query after "
              + HikariRotationTest.millis(recovered - t0)
              + " ("
              + failedQueries
              + " failed on killed sessions),"
              + " full pool after "
              + HikariRotationTest.millis(full - t0));
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static boolean selectOne(HikariDataSource pool) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
