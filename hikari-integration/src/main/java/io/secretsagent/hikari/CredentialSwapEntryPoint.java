package io.secretsagent.hikari;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Entry points whose signatures use JDK types only, for a caller that cannot link against HikariCP
 * or this module: a Java agent living in its own class loader calls these two static methods
 * reflectively, once per pool, and then talks to the returned JDK-typed objects directly.
 */
public final class CredentialSwapEntryPoint {

  private CredentialSwapEntryPoint() {}

  /**
   * Binds a {@link CredentialSwapper} to {@code hikariDataSource}.
   *
   * @param hikariDataSource a {@code com.zaxxer.hikari.HikariDataSource} visible to this class
   * @param scheduler runs retries; retry delays double from {@code initialBackoff} to {@code
   *     maxBackoff}
   * @return a function {@code (username, password) -> outcome}, the outcome being a {@link
   *     SwapOutcome} name; the object is also {@link AutoCloseable}
   * @throws UnsupportedPoolException if the pool cannot take new credentials at runtime
   * @throws IllegalArgumentException if {@code hikariDataSource} is not a HikariDataSource
   */
  public static BiFunction<String, String, CompletionStage<String>> bind(
      Object hikariDataSource,
      ScheduledExecutorService scheduler,
      Duration initialBackoff,
      Duration maxBackoff) {
    return bind(hikariDataSource, scheduler, initialBackoff, maxBackoff, sqlState -> {});
  }

  /**
   * Like {@link #bind(Object, ScheduledExecutorService, Duration, Duration)}, telling {@code
   * onValidationFailure} the SQLState of each validation login the database refused.
   */
  public static BiFunction<String, String, CompletionStage<String>> bind(
      Object hikariDataSource,
      ScheduledExecutorService scheduler,
      Duration initialBackoff,
      Duration maxBackoff,
      Consumer<String> onValidationFailure) {
    CredentialSwapper swapper =
        CredentialSwapper.builder(asHikari(hikariDataSource))
            .scheduler(scheduler)
            .retryBackoff(initialBackoff, maxBackoff)
            .listener(
                new SwapListener() {
                  @Override
                  public void retrying(
                      String poolName,
                      String username,
                      SQLException failure,
                      int attempt,
                      Duration retryIn) {
                    onValidationFailure.accept(failure.getSQLState());
                  }
                })
            .bind();
    return new Binding(swapper);
  }

  /**
   * Starts a {@link LoginRejectionWatch} on {@code hikariDataSource}.
   *
   * @param onRejection receives the SQLState of each new login rejection
   * @return closes the watch
   */
  public static AutoCloseable watchLoginRejections(
      Object hikariDataSource,
      ScheduledExecutorService scheduler,
      Duration interval,
      Consumer<String> onRejection) {
    return watchLoginRejections(hikariDataSource, scheduler, interval, onRejection, () -> {});
  }

  /**
   * Like {@link #watchLoginRejections(Object, ScheduledExecutorService, Duration, Consumer)}, and
   * runs {@code onPoolClosed} once when the watch finds the pool closed, then stops.
   */
  public static AutoCloseable watchLoginRejections(
      Object hikariDataSource,
      ScheduledExecutorService scheduler,
      Duration interval,
      Consumer<String> onRejection,
      Runnable onPoolClosed) {
    return LoginRejectionWatch.start(
        asHikari(hikariDataSource),
        scheduler,
        interval,
        rejection -> onRejection.accept(rejection.getSQLState()),
        onPoolClosed);
  }

  private static HikariDataSource asHikari(Object dataSource) {
    if (dataSource instanceof HikariDataSource hikari) {
      return hikari;
    }
    throw new IllegalArgumentException(
        "expected a com.zaxxer.hikari.HikariDataSource from "
            + HikariDataSource.class.getClassLoader()
            + ", got "
            + (dataSource == null
                ? "null"
                : dataSource.getClass().getName()
                    + " from "
                    + dataSource.getClass().getClassLoader()));
  }

  private static final class Binding
      implements BiFunction<String, String, CompletionStage<String>>, AutoCloseable {

    private final CredentialSwapper swapper;

    Binding(CredentialSwapper swapper) {
      this.swapper = swapper;
    }

    @Override
    public CompletionStage<String> apply(String username, String password) {
      return swapper.swap(Credentials.of(username, password)).thenApply(Enum::name);
    }

    @Override
    public void close() {
      swapper.close();
    }

    @Override
    public String toString() {
      return "CredentialSwapper[" + swapper.poolName() + "]";
    }
  }
}
