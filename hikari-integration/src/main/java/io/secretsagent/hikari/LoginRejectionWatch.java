package io.secretsagent.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.secretsagent.hikari.internal.PoolFailureReader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices when the database rejects the login of a new physical connection the pool opens,
 * typically because the password was rotated in the database before the pool was told. HikariCP
 * only logs this at DEBUG and retries on its own; this watch polls the pool's last connection
 * failure and reports each new login rejection once, so the caller can fetch fresh credentials and
 * {@link CredentialSwapper#swap(Credentials) swap} them in.
 *
 * <p>Best effort, without instrumentation: a rejection that HikariCP clears (by a successful
 * connection) between two polls goes unseen. The poll costs one reflective call. The watch ends by
 * itself when the pool is closed.
 */
public final class LoginRejectionWatch implements AutoCloseable {

  private final HikariDataSource pool;
  private final Consumer<SQLException> onRejection;
  private final Runnable onClosed;
  private PoolFailureReader reader; // confined to the polling thread
  private Throwable lastSeen; // confined to the polling thread
  private boolean unreadable; // confined to the polling thread
  private final ScheduledFuture<?> polling;

  private LoginRejectionWatch(
      HikariDataSource pool,
      ScheduledExecutorService scheduler,
      Duration interval,
      Consumer<SQLException> onRejection,
      Runnable onClosed) {
    this.pool = pool;
    this.onRejection = onRejection;
    this.onClosed = onClosed;
    HikariPoolMXBean running = pool.getHikariPoolMXBean();
    if (running != null) {
      this.reader = PoolFailureReader.of(running); // fail now, not silently on the scheduler
    }
    long nanos = interval.toNanos();
    this.polling =
        scheduler.scheduleWithFixedDelay(this::pollQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Polls {@code pool} every {@code interval} on {@code scheduler} until closed.
   *
   * @param onRejection receives the rejecting {@link SQLException} (no password in it), on the
   *     scheduler's thread; must be quick
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws UnsupportedOperationException if the pool is running and this HikariCP does not let its
   *     last connection failure be read
   */
  public static LoginRejectionWatch start(
      HikariDataSource pool,
      ScheduledExecutorService scheduler,
      Duration interval,
      Consumer<SQLException> onRejection) {
    return start(pool, scheduler, interval, onRejection, () -> {});
  }

  /**
   * Like {@link #start(HikariDataSource, ScheduledExecutorService, Duration, Consumer)}, and runs
   * {@code onClosed} once, on the scheduler's thread, when the watch finds the pool closed.
   */
  public static LoginRejectionWatch start(
      HikariDataSource pool,
      ScheduledExecutorService scheduler,
      Duration interval,
      Consumer<SQLException> onRejection,
      Runnable onClosed) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(onRejection, "onRejection");
    Objects.requireNonNull(onClosed, "onClosed");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    return new LoginRejectionWatch(pool, scheduler, interval, onRejection, onClosed);
  }

  /**
   * Checks the pool once; reports a login rejection not reported before.
   *
   * @return true if a new rejection was reported
   * @throws UnsupportedOperationException if this HikariCP does not let its last failure be read
   */
  boolean poll() {
    if (pool.isClosed()) {
      polling.cancel(false);
      onClosed.run();
      return false;
    }
    HikariPoolMXBean running = pool.getHikariPoolMXBean();
    if (running == null || unreadable) {
      return false; // not started yet, or its failures cannot be read: only closing is watched
    }
    if (reader == null) {
      reader = PoolFailureReader.of(running);
    }
    Throwable failure = reader.lastFailure(running);
    if (failure == null || failure == lastSeen) {
      return false;
    }
    lastSeen = failure;
    return LoginFailures.findLoginRejection(failure)
        .map(
            rejection -> {
              onRejection.accept(rejection);
              return true;
            })
        .orElse(false);
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      unreadable =
          true; // this HikariCP's failures cannot be read; keep watching for the pool's close only
    }
  }

  /** Stops polling. */
  @Override
  public void close() {
    polling.cancel(false);
  }
}
