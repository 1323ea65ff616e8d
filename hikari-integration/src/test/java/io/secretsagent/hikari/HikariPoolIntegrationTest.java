package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolEvents;
import io.secretsagent.pool.SwapResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed contract the agent calls (ADR-017), on a pool over a fake database. */
class HikariPoolIntegrationTest {

  private final List<String> events = new ArrayList<>();
  private final PoolEvents recorder =
      new PoolEvents() {
        @Override
        public void loginRejected(String sqlState) {
          events.add("rejected " + sqlState);
        }

        @Override
        public void validationRefused(String sqlState) {
          events.add("refused " + sqlState);
        }

        @Override
        public void closed() {
          events.add("closed");
        }
      };

  private static HikariDataSource pool(FakeDatabase database) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("typed");
    pool.setDataSource(database.dataSource());
    pool.setUsername("app");
    pool.setPassword("v1");
    return pool;
  }

  @Test
  void appliesCredentialsOnceTheDatabaseTakesThem() {
    FakeDatabase database = new FakeDatabase(Credentials.of("app", "v1"));
    ManualScheduler scheduler = new ManualScheduler();
    try (HikariDataSource pool = pool(database)) {
      FoundPool found = new HikariPoolIntegration().inspect(pool);
      assertEquals("typed", found.name());
      assertEquals("app", found.username());
      assertFalse(found.started(), "not started before its first connection");
      BoundPool bound = found.bind(recorder, scheduler);

      var refused = bound.applyCredentials("app", "v2").toCompletableFuture();
      assertFalse(refused.isDone(), "the database does not take v2 yet");
      assertEquals(List.of("refused 28P01"), events);
      assertEquals("v1", pool.getPassword(), "the pool keeps what works");

      database.accept(Credentials.of("app", "v2"));
      assertEquals(
          SwapResult.APPLIED,
          bound.applyCredentials("app", "v2").toCompletableFuture().getNow(null));
      assertEquals(SwapResult.SUPERSEDED, refused.getNow(null));
      assertEquals("v2", pool.getPassword());
      assertEquals(
          SwapResult.UNCHANGED,
          bound.applyCredentials("app", "v2").toCompletableFuture().getNow(null));
      bound.close();
    }
  }

  @Test
  void tellsOnceThatTheApplicationClosedThePool() {
    ManualScheduler scheduler = new ManualScheduler();
    HikariDataSource pool = pool(new FakeDatabase(Credentials.of("app", "v1")));
    new HikariPoolIntegration().inspect(pool).bind(recorder, scheduler);
    assertTrue(scheduler.runNext());
    assertEquals(List.of(), events, "an open pool is not reported closed");

    pool.close();
    assertTrue(scheduler.runNext());

    assertEquals(List.of("closed"), events);
    assertFalse(scheduler.runNext(), "the watch stops after the pool is closed");
  }

  @Test
  void findsServedValuesOutsideThePassword() {
    try (HikariDataSource pool = pool(new FakeDatabase(Credentials.of("app", "v1")))) {
      pool.setDataSource(null);
      pool.setJdbcUrl("jdbc:postgresql://db/orders?password=s3cret-value");
      pool.addDataSourceProperty("sslpassword", "other-value");
      FoundPool found = new HikariPoolIntegration().inspect(pool);
      assertEquals("JDBC URL", found.whereElse("s3cret-value"));
      assertEquals("data-source properties", found.whereElse("other-value"));
      assertNull(found.whereElse("absent"));
    }
  }

  @Test
  void refusesAPoolBuiltFromABareConfigAndPoolsThatCannotChange() {
    IllegalArgumentException bare =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HikariPoolIntegration().inspect(new HikariConfig()));
    assertEquals(
        "a HikariCP pool was built from a bare HikariConfig; only HikariDataSource pools are followed",
        bare.getMessage());

    try (HikariDataSource noUser = pool(new FakeDatabase(Credentials.of("app", "v1")))) {
      noUser.setUsername(null);
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () ->
                  new HikariPoolIntegration()
                      .inspect(noUser)
                      .bind(recorder, new ManualScheduler()));
      assertTrue(refused.getMessage().startsWith("HikariCP pool 'typed'"), refused.getMessage());
      assertFalse(refused.getMessage().contains("v1"), refused.getMessage());
    }
  }
}
