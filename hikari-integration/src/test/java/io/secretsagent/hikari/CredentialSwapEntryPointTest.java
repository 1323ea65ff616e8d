package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class CredentialSwapEntryPointTest {

  @Test
  void bindsThroughJdkTypesOnly() throws Exception {
    FakeDatabase database = new FakeDatabase(Credentials.of("app", "v2"));
    ManualScheduler scheduler = new ManualScheduler();
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setPoolName("jdk-typed");
      pool.setDataSource(database.dataSource());
      pool.setUsername("app");
      pool.setPassword("v1");
      Object untyped = pool;

      BiFunction<String, String, CompletionStage<String>> swap =
          CredentialSwapEntryPoint.bind(
              untyped, scheduler, Duration.ofMillis(10), Duration.ofMillis(40));

      assertEquals("APPLIED", swap.apply("app", "v2").toCompletableFuture().getNow(null));
      assertEquals("v2", pool.getPassword());
      assertEquals("CredentialSwapper[jdk-typed]", swap.toString());
      ((AutoCloseable) swap).close();
    }
  }

  @Test
  void theLoginWatchEndsAndSaysSoWhenThePoolIsClosed() throws Exception {
    FakeDatabase database = new FakeDatabase(Credentials.of("app", "v1"));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger closedCalls = new AtomicInteger();
    CountDownLatch closed = new CountDownLatch(1);
    try {
      HikariDataSource pool = new HikariDataSource();
      pool.setDataSource(database.dataSource());
      pool.setUsername("app");
      pool.setPassword("v1");
      CredentialSwapEntryPoint.watchLoginRejections(
          pool,
          scheduler,
          Duration.ofMillis(5),
          sqlState -> {},
          () -> {
            closedCalls.incrementAndGet();
            closed.countDown();
          });
      Thread.sleep(50);
      assertEquals(0, closedCalls.get(), "an open pool is not reported closed");

      pool.close();

      assertTrue(closed.await(5, TimeUnit.SECONDS), "the watch did not notice the closed pool");
      Thread.sleep(50);
      assertEquals(1, closedCalls.get(), "the watch must report the closed pool once and stop");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void namesWhatItGotInsteadOfAHikariDataSource() {
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CredentialSwapEntryPoint.bind(
                    "not a pool",
                    new ManualScheduler(),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1)));
    assertTrue(
        wrong.getMessage().startsWith("expected a com.zaxxer.hikari.HikariDataSource from "),
        wrong.getMessage());
    assertTrue(wrong.getMessage().contains(", got java.lang.String from null"), wrong.getMessage());
  }
}
