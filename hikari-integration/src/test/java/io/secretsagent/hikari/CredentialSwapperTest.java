package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialSwapperTest {

  private static final Credentials OLD = Credentials.of("app", "old");
  private static final Credentials NEW = Credentials.of("app", "new");

  private final FakeDatabase database = new FakeDatabase(OLD);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<String> events = new ArrayList<>();
  private HikariDataSource pool;
  private CredentialSwapper swapper;

  @BeforeEach
  void bind() {
    pool = new HikariDataSource(); // not started: the swapper only writes its configuration
    pool.setPoolName("orders");
    pool.setDataSource(database.dataSource());
    pool.setUsername(OLD.username());
    pool.setPassword(OLD.password());
    swapper =
        CredentialSwapper.builder(pool)
            .scheduler(scheduler)
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(350))
            .listener(
                new SwapListener() {
                  @Override
                  public void applied(String poolName, String username, int attempts) {
                    events.add("applied " + poolName + " " + username + " after " + attempts);
                  }

                  @Override
                  public void retrying(
                      String poolName,
                      String username,
                      SQLException failure,
                      int attempt,
                      Duration retryIn) {
                    events.add(
                        "retry "
                            + poolName
                            + " "
                            + failure.getSQLState()
                            + " #"
                            + attempt
                            + " in "
                            + retryIn.toMillis());
                  }
                })
            .bind();
  }

  @AfterEach
  void close() {
    swapper.close();
    pool.close();
  }

  @Test
  void appliesCredentialsTheDatabaseAcceptsBeforeReturning() {
    database.accept(NEW);

    CompletableFuture<SwapOutcome> outcome = swapper.swap(NEW);

    assertEquals(SwapOutcome.APPLIED, outcome.getNow(null));
    assertEquals("new", pool.getPassword());
    assertEquals(List.of("app"), database.logins(), "one validation login");
    assertEquals(List.of("applied orders app after 1"), events);
    assertEquals(
        List.of(1000L, 30000L),
        scheduler.pendingDelaysMillis(),
        "nothing but the follow-up evictions of connections opened with the old credentials");
  }

  @Test
  void keepsCurrentCredentialsAndRetriesWithDoublingDelaysUntilAccepted() {
    CompletableFuture<SwapOutcome> outcome = swapper.swap(NEW);

    assertFalse(outcome.isDone());
    assertEquals("old", pool.getPassword());
    assertEquals(List.of(100L), scheduler.pendingDelaysMillis());
    scheduler.runNext();
    assertEquals(List.of(200L), scheduler.pendingDelaysMillis());
    scheduler.runNext();
    assertEquals(List.of(350L), scheduler.pendingDelaysMillis(), "capped at max");
    assertEquals("old", pool.getPassword());

    database.accept(NEW);
    scheduler.runNext();

    assertEquals(SwapOutcome.APPLIED, outcome.getNow(null));
    assertEquals("new", pool.getPassword());
    assertEquals(
        List.of(
            "retry orders 28P01 #1 in 100",
            "retry orders 28P01 #2 in 200",
            "retry orders 28P01 #3 in 350",
            "applied orders app after 4"),
        events);
  }

  @Test
  void laterSwapSupersedesOneStillRetrying() {
    CompletableFuture<SwapOutcome> first = swapper.swap(Credentials.of("app", "never"));
    database.accept(NEW);

    CompletableFuture<SwapOutcome> second = swapper.swap(NEW);

    assertEquals(SwapOutcome.SUPERSEDED, first.getNow(null));
    assertEquals(SwapOutcome.APPLIED, second.getNow(null));
    assertEquals(
        List.of(1000L, 30000L),
        scheduler.pendingDelaysMillis(),
        "the first swap's retry was cancelled; only the follow-up evictions remain");
    assertEquals("new", pool.getPassword());
  }

  @Test
  void swapsUsernameAndPasswordTogether() {
    Credentials other = Credentials.of("app_v2", "pw2");
    database.accept(other);

    assertEquals(SwapOutcome.APPLIED, swapper.swap(other).getNow(null));

    assertEquals("app_v2", pool.getUsername());
    assertEquals("pw2", pool.getPassword());
  }

  @Test
  void sameCredentialsAgainChangeNothing() {
    assertEquals(SwapOutcome.UNCHANGED, swapper.swap(OLD).getNow(null));
    assertEquals(List.of(), database.logins(), "no login needed");
  }

  @Test
  void closeEndsAPendingSwapAndRefusesNewOnes() {
    CompletableFuture<SwapOutcome> outcome = swapper.swap(NEW);

    swapper.close();

    assertEquals(SwapOutcome.CLOSED, outcome.getNow(null));
    assertEquals(List.of(), scheduler.pendingDelaysMillis());
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> swapper.swap(NEW));
    assertEquals("CredentialSwapper of pool 'orders' is closed", refused.getMessage());
    assertEquals("old", pool.getPassword());
  }
}
