package io.secretsagent.hikari;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolEvents;
import io.secretsagent.pool.SwapResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link HikariDataSource} seen by the agent; bound, it is a {@link CredentialSwapper} and a
 * {@link LoginRejectionWatch}.
 */
final class HikariFoundPool implements FoundPool {

  static final Duration FIRST_RETRY = Duration.ofMillis(250);
  static final Duration MAX_RETRY = Duration.ofSeconds(5);
  static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

  private final HikariDataSource pool;

  HikariFoundPool(HikariDataSource pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return String.valueOf(pool.getPoolName());
  }

  @Override
  public boolean started() {
    return pool.getHikariPoolMXBean() != null; // assigned after HikariPool's constructor returns
  }

  @Override
  public String username() {
    return pool.getUsername();
  }

  @Override
  public String password() {
    return pool.getPassword();
  }

  @Override
  public String whereElse(String value) {
    if (String.valueOf(pool.getJdbcUrl()).contains(value)) {
      return "JDBC URL";
    }
    return String.valueOf(pool.getDataSourceProperties()).contains(value)
        ? "data-source properties"
        : null;
  }

  /** The swapper first, then the watch, which is what lets the pool go when it is closed. */
  @Override
  public BoundPool bind(PoolEvents events, ScheduledExecutorService scheduler) {
    CredentialSwapper swapper =
        CredentialSwapper.builder(pool)
            .scheduler(scheduler)
            .retryBackoff(FIRST_RETRY, MAX_RETRY)
            .listener(
                new SwapListener() {
                  @Override
                  public void retrying(
                      String poolName, String user, SQLException failure, int n, Duration in) {
                    events.validationRefused(failure.getSQLState());
                  }
                })
            .bind();
    LoginRejectionWatch watch;
    try {
      watch =
          LoginRejectionWatch.start(
              pool,
              scheduler,
              WATCH_INTERVAL,
              rejection -> events.loginRejected(rejection.getSQLState()),
              events::closed);
    } catch (RuntimeException e) {
      swapper.close();
      throw e;
    }
    return new Bound(swapper, watch);
  }

  private record Bound(CredentialSwapper swapper, LoginRejectionWatch watch) implements BoundPool {

    @Override
    public CompletionStage<SwapResult> applyCredentials(String username, String password) {
      try {
        return swapper.swap(Credentials.of(username, password)).thenApply(Bound::result);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private static SwapResult result(SwapOutcome outcome) {
      return switch (outcome) {
        case APPLIED -> SwapResult.APPLIED;
        case UNCHANGED -> SwapResult.UNCHANGED;
        case SUPERSEDED -> SwapResult.SUPERSEDED;
        case CLOSED -> SwapResult.CLOSED;
      };
    }

    @Override
    public void close() {
      watch.close();
      swapper.close();
    }

    @Override
    public String toString() {
      return "BoundPool[" + swapper.poolName() + "]";
    }
  }
}
