package io.secretsagent.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.secretsagent.hikari.internal.Backoff;
import io.secretsagent.hikari.internal.CredentialsWriter;
import io.secretsagent.hikari.internal.LoginProbe;
import io.secretsagent.hikari.internal.PoolShape;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Moves one running HikariCP pool to new database credentials without failing a query.
 *
 * <p>{@link #swap(Credentials)} first logs in once with the new credentials, the way the pool opens
 * its connections. If the database accepts them they are applied atomically (HikariCP 6+: {@code
 * HikariConfigMXBean.setCredentials}; 5.x: {@code setUsername}, {@code setPassword}) and the pool's
 * connections are soft-evicted, so each is replaced as soon as it is idle. If the login fails, the
 * pool keeps its current credentials and the login is retried with doubling delays until it
 * succeeds, a later {@code swap} supersedes it, or the swapper is closed: a swap never leaves the
 * pool worse off than before.
 *
 * <p>Thread-safe. Works on HikariCP 5.1 to 7.x; needs nothing but HikariCP.
 */
public final class CredentialSwapper implements AutoCloseable {

  private final HikariDataSource pool;
  private final String poolName;
  private final LoginProbe probe;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final SwapListener listener;

  private long generation; // guarded by this
  private CompletableFuture<SwapOutcome> pending; // guarded by this
  private ScheduledFuture<?> retry; // guarded by this
  private boolean closed; // guarded by this

  private CredentialSwapper(Builder builder) {
    this.pool = builder.pool;
    this.poolName = String.valueOf(pool.getPoolName());
    this.probe = LoginProbe.forPool(pool);
    this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
    this.ownsScheduler = builder.scheduler == null;
    this.scheduler = ownsScheduler ? defaultScheduler(poolName) : builder.scheduler;
    this.listener = builder.listener;
  }

  /**
   * Binds to {@code pool} with the defaults of {@link #builder(HikariDataSource)}.
   *
   * @throws UnsupportedPoolException if the pool cannot take new credentials at runtime
   */
  public static CredentialSwapper bind(HikariDataSource pool) {
    return builder(pool).bind();
  }

  /** Starts configuring a swapper for {@code pool}, started or not yet started. */
  public static Builder builder(HikariDataSource pool) {
    return new Builder(Objects.requireNonNull(pool, "pool"));
  }

  /** The name of the bound pool. */
  public String poolName() {
    return poolName;
  }

  /** Whether this HikariCP applies username and password in one atomic call (6.0 and later). */
  public static boolean atomicCredentials() {
    return CredentialsWriter.atomic();
  }

  /**
   * Moves the pool to {@code next} once the database accepts them. The first login runs on the
   * calling thread, so when the database already accepts {@code next} the returned future is
   * complete, with {@link SwapOutcome#APPLIED}, when this method returns. Otherwise retries run on
   * the scheduler; a later call supersedes an earlier one that is still retrying.
   *
   * @return completes with how the swap ended; never completes exceptionally for a failed login
   * @throws IllegalStateException if this swapper is closed
   */
  public CompletableFuture<SwapOutcome> swap(Credentials next) {
    Objects.requireNonNull(next, "next");
    CompletableFuture<SwapOutcome> result = new CompletableFuture<>();
    CompletableFuture<SwapOutcome> superseded;
    long mine;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("CredentialSwapper of pool '" + poolName + "' is closed");
      }
      mine = ++generation;
      superseded = pending;
      pending = result;
      cancelRetry();
    }
    if (superseded != null) {
      superseded.complete(SwapOutcome.SUPERSEDED);
    }
    if (next.username().equals(pool.getUsername()) && next.password().equals(pool.getPassword())) {
      finish(mine, result, SwapOutcome.UNCHANGED);
      return result;
    }
    attempt(mine, next, result, 1);
    return result;
  }

  /**
   * Stops retrying; a pending swap completes with {@link SwapOutcome#CLOSED}. The pool is left as
   * it is.
   */
  @Override
  public void close() {
    CompletableFuture<SwapOutcome> unfinished;
    synchronized (this) {
      closed = true;
      generation++;
      unfinished = pending;
      pending = null;
      cancelRetry();
    }
    if (unfinished != null) {
      unfinished.complete(SwapOutcome.CLOSED);
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  private void attempt(
      long mine, Credentials next, CompletableFuture<SwapOutcome> result, int attempt) {
    synchronized (this) {
      if (mine != generation) {
        return; // superseded or closed; the future was completed by whoever moved on
      }
    }
    try {
      probe.login(next.username(), next.password());
    } catch (SQLException e) {
      scheduleRetry(mine, next, result, attempt, e);
      return;
    }
    synchronized (this) {
      if (mine != generation) {
        return;
      }
      CredentialsWriter.write(pool.getHikariConfigMXBean(), next.username(), next.password());
      evictOldConnections();
      // A connection HikariCP began opening before the new credentials were set completes
      // with the old ones after this eviction: evict again once such logins have finished.
      for (long delay : new long[] {1000, Math.max(1000, pool.getConnectionTimeout())}) {
        scheduler.schedule(
            () -> {
              synchronized (this) {
                if (mine == generation) {
                  evictOldConnections();
                }
              }
            },
            delay,
            TimeUnit.MILLISECONDS);
      }
    }
    listener.applied(poolName, next.username(), attempt);
    finish(mine, result, SwapOutcome.APPLIED);
  }

  private void evictOldConnections() {
    HikariPoolMXBean running = pool.getHikariPoolMXBean();
    if (running != null) {
      running.softEvictConnections();
    }
  }

  private void scheduleRetry(
      long mine,
      Credentials next,
      CompletableFuture<SwapOutcome> result,
      int attempt,
      SQLException failure) {
    Duration delay = backoff.after(attempt);
    synchronized (this) {
      if (mine != generation) {
        return;
      }
      retry =
          scheduler.schedule(
              () -> attempt(mine, next, result, attempt + 1),
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
    }
    listener.retrying(poolName, next.username(), failure, attempt, delay);
  }

  private void finish(long mine, CompletableFuture<SwapOutcome> result, SwapOutcome outcome) {
    synchronized (this) {
      if (mine == generation && pending == result) {
        pending = null;
      }
    }
    result.complete(outcome);
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  private static ScheduledExecutorService defaultScheduler(String poolName) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "hikari-credential-swap-" + poolName);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** Configures a {@link CredentialSwapper}; defaults are stated on each method. */
  public static final class Builder {

    private final HikariDataSource pool;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private ScheduledExecutorService scheduler;
    private SwapListener listener = SwapListener.NONE;

    private Builder(HikariDataSource pool) {
      this.pool = pool;
    }

    /**
     * Delay before the first retry of a rejected login and the cap it doubles up to. Default 250 ms
     * and 5 s: one login every 5 s costs the database little and keeps the wait short once it
     * accepts the new credentials.
     *
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is below
     *     it
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      new Backoff(initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Runs retries; not shut down by the swapper. Default: a daemon thread of the swapper's own,
     * stopped by {@link CredentialSwapper#close()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Hears applied swaps and retries. Default {@link SwapListener#NONE}. */
    public Builder listener(SwapListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @throws UnsupportedPoolException if the pool cannot take new credentials at runtime: no
     *     username, a password in the JDBC URL or in dataSourceProperties, or a HikariCP 7
     *     credentials provider
     */
    public CredentialSwapper bind() {
      List<String> problems = PoolShape.problems(pool);
      if (!problems.isEmpty()) {
        throw new UnsupportedPoolException(
            PoolShape.describe(String.valueOf(pool.getPoolName()), problems));
      }
      return new CredentialSwapper(this);
    }
  }
}
