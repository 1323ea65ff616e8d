package io.secretsagent.hikari.example;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.hikari.CredentialSwapper;
import io.secretsagent.hikari.Credentials;
import io.secretsagent.hikari.SwapOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Using {@code hikari-integration} without the agent, as the README shows: an application that
 * learns of a rotation itself (its own vault client, a message, an admin endpoint) moves its pool
 * to the new credentials. Compiled with the module's tests, so the example cannot rot.
 */
public final class ExplicitRotation implements AutoCloseable {

  private final CredentialSwapper swapper;
  private final Supplier<Credentials> credentials;

  /**
   * @param pool a started pool whose credentials are set with setUsername/setPassword
   * @param credentials where the current credentials come from, e.g. the application's vault client
   */
  public ExplicitRotation(HikariDataSource pool, Supplier<Credentials> credentials) {
    this.swapper = CredentialSwapper.bind(pool); // refuses pools that cannot take new credentials
    this.credentials = credentials;
  }

  /**
   * Call when the credentials may have changed. The database is asked first: if it accepts them,
   * the pool switches and replaces its connections as they come back; if not, the pool keeps its
   * current credentials and the swap is retried with backoff.
   */
  public CompletableFuture<SwapOutcome> rotated() {
    return swapper.swap(credentials.get());
  }

  @Override
  public void close() {
    swapper.close();
  }
}
