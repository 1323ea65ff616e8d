package io.secretsagent.it.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.hikari.CredentialSwapper;
import io.secretsagent.hikari.Credentials;
import io.secretsagent.hikari.SwapListener;
import io.secretsagent.hikari.SwapOutcome;
import io.secretsagent.it.postgres.PostgresFixture;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool of 4 under 3 threads of {@code SELECT 1} moves to new credentials without a failed query.
 */
@ExtendWith(SharedPostgres.class)
class HikariRotationTest {

  private static PostgresFixture postgres;

  @BeforeAll
  static void usePostgres(PostgresFixture shared) {
    postgres = shared;
  }

  @Test
  void newPasswordAppliedRightAfterAlterRoleFailsNoQuery() throws Exception {
    postgres.createRole("rot_a", "old");
    try (HikariDataSource pool = Pools.started(postgres, "rotate-now", "rot_a", "old");
        CredentialSwapper swapper = CredentialSwapper.bind(pool)) {
      QueryLoad load = QueryLoad.start(pool, 3);
      load.awaitMoreSuccesses(200);

      postgres.alterPassword("rot_a", "new");
      Instant swapStarted = Instant.now();
      long t0 = System.nanoTime();
      SwapOutcome outcome = swapper.swap(Credentials.of("rot_a", "new")).getNow(null);
      long swapped = System.nanoTime();
      Polling.await(
          () -> Pools.allSessionsStartedAfter(postgres, "rot_a", swapStarted),
          "all 4 sessions opened with the new password");
      long allNew = System.nanoTime();
      load.awaitMoreSuccesses(200);
      load.close();

      assertEquals(SwapOutcome.APPLIED, outcome, "applied before swap() returned");
      assertEquals(List.of(), load.failures(), "failed queries");
      assertLoginRejected("rot_a", "old");
      report(
          "rotate-now",
          "swap() "
              + millis(swapped - t0)
              + ", all connections new after "
              + millis(allNew - t0)
              + ", "
              + load.succeeded()
              + " queries, 0 failed");
    }
  }

  @Test
  void credentialsTheDatabaseDoesNotAcceptYetAreRetriedWhileThePoolKeepsWorking() throws Exception {
    postgres.createRole("rot_b", "old");
    CountDownLatch twoRejections = new CountDownLatch(2);
    try (HikariDataSource pool = Pools.started(postgres, "rotate-early", "rot_b", "old");
        CredentialSwapper swapper =
            CredentialSwapper.builder(pool)
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .listener(
                    new SwapListener() {
                      @Override
                      public void retrying(
                          String poolName,
                          String username,
                          SQLException failure,
                          int attempt,
                          Duration retryIn) {
                        if ("28P01".equals(failure.getSQLState())) {
                          twoRejections.countDown();
                        }
                      }
                    })
                .bind()) {
      QueryLoad load = QueryLoad.start(pool, 3);
      load.awaitMoreSuccesses(200);

      CompletableFuture<SwapOutcome> outcome = swapper.swap(Credentials.of("rot_b", "new"));
      assertEquals(
          true, twoRejections.await(10, TimeUnit.SECONDS), "two rejected validation logins");
      assertFalse(outcome.isDone());
      assertEquals("old", pool.getPassword(), "pool keeps the credentials that work");
      load.awaitMoreSuccesses(200);

      Instant altered = Instant.now();
      postgres.alterPassword("rot_b", "new");
      long t0 = System.nanoTime();
      assertEquals(SwapOutcome.APPLIED, outcome.get(10, TimeUnit.SECONDS));
      long applied = System.nanoTime();
      Polling.await(
          () -> Pools.allSessionsStartedAfter(postgres, "rot_b", altered),
          "all 4 sessions opened with the new password");
      long allNew = System.nanoTime();
      load.awaitMoreSuccesses(200);
      load.close();

      assertEquals(List.of(), load.failures(), "failed queries");
      assertLoginRejected("rot_b", "old");
      report(
          "rotate-early",
          "applied "
              + millis(applied - t0)
              + " after ALTER ROLE (retry backoff 20-100 ms),"
              + " all connections new after "
              + millis(allNew - t0)
              + ", 0 failed of "
              + load.succeeded());
    }
  }

  @Test
  void usernameAndPasswordSwapTogether() throws Exception {
    postgres.createRole("blue", "blue-pw");
    postgres.createRole("green", "green-pw");
    try (HikariDataSource pool = Pools.started(postgres, "blue-green", "blue", "blue-pw");
        CredentialSwapper swapper = CredentialSwapper.bind(pool)) {
      QueryLoad load = QueryLoad.start(pool, 3);
      load.awaitMoreSuccesses(200);

      Instant swapStarted = Instant.now();
      long t0 = System.nanoTime();
      assertEquals(
          SwapOutcome.APPLIED, swapper.swap(Credentials.of("green", "green-pw")).getNow(null));
      Polling.await(
          () ->
              postgres.backendStartTimes("blue").isEmpty()
                  && Pools.allSessionsStartedAfter(postgres, "green", swapStarted),
          "all sessions moved from role blue to role green");
      long moved = System.nanoTime();
      load.awaitMoreSuccesses(200);
      load.close();

      assertEquals(List.of(), load.failures(), "failed queries");
      assertEquals("green", pool.getUsername());
      report(
          "blue-green",
          "all connections on the new user after "
              + millis(moved - t0)
              + " (atomic setCredentials: "
              + CredentialSwapper.atomicCredentials()
              + ")");
    }
  }

  private static void assertLoginRejected(String role, String password) {
    assertEquals("28P01", postgres.login(role, password), "the old password is refused");
  }

  static String millis(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  static void report(String scenario, String figures) {
    System.out.printf("[hikari %s] %s: %s%n", HikariVersion.running(), scenario, figures);
  }
}
