package io.secretsagent.it.hikari;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Threads running {@code SELECT 1} through a pool without pause, counting what fails. */
final class QueryLoad implements AutoCloseable {

  private final DataSource pool;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong succeeded = new AtomicLong();
  private final ConcurrentLinkedQueue<SQLException> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  private QueryLoad(DataSource pool) {
    this.pool = pool;
  }

  static QueryLoad start(DataSource pool, int threadCount) {
    QueryLoad load = new QueryLoad(pool);
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(load::run, "select-1-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run() {
    while (running) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT 1")) {
        result.next();
        succeeded.incrementAndGet();
      } catch (SQLException e) {
        failures.add(e);
      }
    }
  }

  long succeeded() {
    return succeeded.get();
  }

  List<SQLException> failures() {
    return List.copyOf(failures);
  }

  /** Blocks until {@code more} queries beyond the current count have succeeded. */
  void awaitMoreSuccesses(long more) {
    long target = succeeded() + more;
    Polling.await(() -> succeeded() >= target, "another " + more + " successful queries");
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
