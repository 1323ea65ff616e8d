package io.secretsagent.it.bench;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.it.hikari.PoolApp;
import io.secretsagent.it.postgres.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Database-first rotation (scenario b), with and without the agent, in one run: a pool of 4 under 3
 * threads of {@code SELECT 1}; the password changes in PostgreSQL (and in the secrets file), then
 * the pool's idle sessions end, so it must log in again. Reports the time from the database change
 * and from the forced re-login until every session of the pool uses the new password, and the
 * failed queries; without the agent the pool never gets there, and a restart is timed instead.
 *
 * <pre>
 * java -cp "it/target/test-classes:it/target/classes:$(cat it/target/bench.classpath)" -Dagent.jar=agent/target/secrets-agent.jar io.secretsagent.it.bench.HikariRotationBenchmark [runs]
 * </pre>
 */
public final class HikariRotationBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (PostgresFixture postgres = PostgresFixture.start()) {
      for (int run = 1; run <= runs; run++) {
        System.out.println("run " + run + ", with the agent:    " + once(postgres, true, run));
        System.out.println("run " + run + ", without the agent: " + once(postgres, false, run));
      }
    }
  }

  private static String once(PostgresFixture postgres, boolean agent, int run) throws Exception {
    String role = (agent ? "bench_agent_" : "bench_plain_") + run;
    postgres.createRole(role, "pw-1");
    Path dir = Files.createTempDirectory("hikari-bench");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AgentJvm jvm =
        AgentJvm.current()
            .env("DB_URL", postgres.jdbcUrl())
            .env("DB_USERNAME", role)
            .classPath(System.getProperty("java.class.path"));
    if (agent) {
      jvm.env("SECRETS_BACKEND", "file")
          .env("SECRETS_FILE", file.path().toString())
          .env("SECRETS_KEYS", "DB_PASSWORD")
          .env("SECRETS_REFRESH_INTERVAL", "1h");
    } else {
      jvm.withoutAgent().env("DB_PASSWORD", "pw-1");
    }
    long[] times = new long[3]; // database change, forced re-login, all sessions new (nanos)
    AgentJvm.Result result =
        jvm.run(
            PoolApp.class,
            line -> {
              if (line.equals("ready")) {
                new Thread(() -> measure(postgres, role, file, times)).start();
              }
            },
            "8",
            "600");
    String failed =
        result.stdout().lines().filter(l -> l.startsWith("ok=")).findFirst().orElse("?");
    if (times[2] == 0) {
      long restart = restart(postgres, role);
      return failed
          + ", never on the new password without a restart; restart to first query "
          + restart
          + " ms";
    }
    return failed
        + ", all sessions on the new password "
        + millis(times[2] - times[0])
        + " ms after the database change, "
        + millis(times[2] - times[1])
        + " ms after the forced re-login";
  }

  private static void measure(
      PostgresFixture postgres, String role, SecretsFile file, long[] times) {
    try {
      times[0] = System.nanoTime();
      Instant changed = Instant.now();
      postgres.alterPassword(role, "pw-2");
      file.write("{\"db-password\": \"pw-2\"}");
      Thread.sleep(700); // past HikariCP's 500 ms validation bypass for idle connections
      times[1] = System.nanoTime();
      postgres.terminateIdleBackends(role);
      long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      while (System.nanoTime() < deadline) {
        List<Instant> sessions = postgres.backendStartTimes(role);
        if (sessions.size() >= 4 && sessions.stream().allMatch(t -> t.isAfter(changed))) {
          times[2] = System.nanoTime();
          return;
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Without the agent: a new JVM with the new password, until its first query. */
  private static long restart(PostgresFixture postgres, String role) {
    long start = System.nanoTime();
    long[] ready = {0};
    AgentJvm.current()
        .withoutAgent()
        .env("DB_URL", postgres.jdbcUrl())
        .env("DB_USERNAME", role)
        .env("DB_PASSWORD", "pw-2")
        .classPath(System.getProperty("java.class.path"))
        .run(
            PoolApp.class,
            line -> {
              if (line.equals("ready") && ready[0] == 0) {
                ready[0] = System.nanoTime();
              }
            },
            "0");
    return millis(ready[0] - start);
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
