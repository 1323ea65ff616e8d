package io.secretsagent.fakepool.integration;

import io.secretsagent.fakepool.lib.FakePool;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.FoundPool;
import io.secretsagent.pool.PoolEvents;
import io.secretsagent.pool.PoolIntegration;
import io.secretsagent.pool.SwapResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Step 3 of docs/pool-integrations.md for the fake pool: what the agent does with one. Compiled
 * against the library; loaded beside it. A real integration validates new credentials with one
 * login before applying them (ADR-013); the fake has no database to log in to.
 */
public final class FakePoolIntegration implements PoolIntegration {

  @Override
  public FoundPool inspect(Object announced) {
    if (!(announced instanceof FakePool pool)) {
      throw new IllegalArgumentException("not a FakePool: " + announced.getClass().getName());
    }
    return new FoundPool() {
      @Override
      public String name() {
        return pool.name();
      }

      @Override
      public boolean started() {
        return pool.isStarted();
      }

      @Override
      public String username() {
        return pool.username();
      }

      @Override
      public String password() {
        return pool.password();
      }

      @Override
      public String whereElse(String value) {
        return null;
      }

      @Override
      public BoundPool bind(PoolEvents events, ScheduledExecutorService scheduler) {
        ScheduledFuture<?> watch =
            scheduler.scheduleWithFixedDelay(
                () -> {
                  if (pool.isClosed()) {
                    events.closed(); // the agent then closes this binding, which ends the poll
                  }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        return new BoundPool() {
          @Override
          public CompletionStage<SwapResult> applyCredentials(String username, String password) {
            if (username.equals(pool.username()) && password.equals(pool.password())) {
              return CompletableFuture.completedFuture(SwapResult.UNCHANGED);
            }
            pool.setCredentials(username, password);
            return CompletableFuture.completedFuture(SwapResult.APPLIED);
          }

          @Override
          public void close() {
            watch.cancel(false);
          }
        };
      }
    };
  }
}
