package io.secretsagent.it.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application that knows nothing of the agent: a HikariCP pool of 4 built from DB_URL,
 * DB_USERNAME and DB_PASSWORD, and 3 threads running {@code SELECT 1} for the seconds given
 * (pausing the milliseconds given between queries, 10 by default), then {@code ok=N failed=M}, what
 * an agent's MBean says of the pools ({@code pools=}) and, after the pool is closed, {@code
 * pools-after-close=}. The third argument chooses the pool's shape: {@code jdbcUrl} (default),
 * {@code dataSourceClassName}, or {@code passwordInUrl}. A fourth argument {@code
 * sample-credentials} also runs a {@link CredentialSampler} and prints its report. Prints {@code
 * ready} once the pool serves queries.
 */
public final class PoolApp {

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    String shape = args.length > 2 ? args[2] : "jdbcUrl";
    switch (shape) {
      case "dataSourceClassName" -> {
        config.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
        config.addDataSourceProperty("url", System.getenv("DB_URL"));
        config.setUsername(System.getenv("DB_USERNAME"));
        config.setPassword(System.getenv("DB_PASSWORD"));
      }
      case "passwordInUrl" -> {
        config.setJdbcUrl(
            System.getenv("DB_URL")
                + "?user="
                + System.getenv("DB_USERNAME")
                + "&password="
                + System.getenv("DB_PASSWORD"));
      }
      default -> {
        config.setJdbcUrl(System.getenv("DB_URL"));
        config.setUsername(System.getenv("DB_USERNAME"));
        config.setPassword(System.getenv("DB_PASSWORD"));
      }
    }
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(4);
    config.setPoolName("app-pool");
    config.setConnectionTimeout(5000);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    long pause = args.length > 1 ? Long.parseLong(args[1]) : 10;
    try (HikariDataSource pool = new HikariDataSource(config)) {
      Thread[] threads = new Thread[3];
      for (int i = 0; i < threads.length; i++) {
        threads[i] =
            new Thread(
                () -> {
                  while (running.get()) {
                    try (Connection c = pool.getConnection();
                        Statement s = c.createStatement()) {
                      s.execute("SELECT 1");
                      ok.incrementAndGet();
                    } catch (Exception e) {
                      failed.incrementAndGet();
                      System.out.println("query failed: " + e.getClass().getSimpleName());
                    }
                    sleep(pause);
                  }
                });
        threads[i].start();
      }
      while (ok.get() == 0) {
        sleep(10);
      }
      CredentialSampler sampler = new CredentialSampler(pool);
      Thread sampling = new Thread(sampler, "credential-sampler");
      if (args.length > 3 && args[3].equals("sample-credentials")) {
        sampling.start();
      }
      System.out.println("ready");
      System.out.flush();
      sleep(Long.parseLong(args[0]) * 1000);
      running.set(false);
      sampler.stop();
      if (sampling.isAlive() || sampling.getState() == Thread.State.TERMINATED) {
        sampling.join();
        System.out.println(sampler.report());
      }
      for (Thread t : threads) {
        t.join();
      }
      System.out.println("ok=" + ok.get() + " failed=" + failed.get());
      System.out.println("pools=" + agentPools());
    }
    long deadline =
        System.nanoTime()
            + 3_000_000_000L; // an agent lets a closed pool go within its watch interval
    while (agentPools().contains("app-pool") && System.nanoTime() < deadline) {
      sleep(20);
    }
    System.out.println("pools-after-close=" + agentPools());
  }

  /**
   * What the agent's MBean says of the pools, if an agent is there; the app does not depend on it.
   */
  private static String agentPools() {
    try {
      javax.management.ObjectName name =
          new javax.management.ObjectName("io.secretsagent:type=SecretsAgent");
      var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      return server.isRegistered(name)
          ? String.join(" | ", (String[]) server.getAttribute(name, "Pools"))
          : "none";
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
