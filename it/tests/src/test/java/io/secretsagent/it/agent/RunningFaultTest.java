package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Endpoint;
import io.secretsagent.it.keyvault.Fault;
import io.secretsagent.it.keyvault.FaultPlan;
import io.secretsagent.it.keyvault.RequestLog;
import io.secretsagent.it.keyvault.SecretChange;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults while the application runs (the "while running" rows of docs/reliability.md): the agent
 * keeps serving the last good value, logs once per outage and once on recovery, backs off, and
 * never asks before a {@code Retry-After}. Timing is measured from the server's request log.
 */
class RunningFaultTest extends KeyVaultAgentFixture {

  static final String SECRET_PATH = "/secrets/db-password/?";

  static AgentJvm agent(String refresh) {
    return agent(Jdk.CURRENT, "DB_PASSWORD")
        .env("SECRETS_REFRESH_INTERVAL", refresh)
        .env(
            "SECRETS_STARTUP_TIMEOUT",
            "20s") // start-up is not under test here, on however busy a machine
        .env("SECRETS_LOG_LEVEL", "debug"); // failures with their stack traces, scanned for leaks
  }

  /** The vault's answers to GETs of db-password, oldest first. */
  static List<RequestLog.Entry> secretReads() {
    return server.requests().entries().stream()
        .filter(
            e ->
                e.endpoint() == Endpoint.VAULT
                    && e.method().equals("GET")
                    && e.path().matches(SECRET_PATH)
                    && e.status() != 401) // the challenge round trip is not an attempt of its own
        .toList();
  }

  static List<Long> gapsMillis(List<RequestLog.Entry> entries) {
    return java.util.stream.IntStream.range(1, entries.size())
        .mapToObj(
            i -> Duration.between(entries.get(i - 1).time(), entries.get(i).time()).toMillis())
        .toList();
  }

  static long count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  /**
   * Refresh every 3 s, backoff from 1 s doubling up to the interval: the vault answers 503 to four
   * refreshes in a row, then recovers. The gaps between the attempts grow (about 1 s, 2 s, 3 s),
   * one warning names the key, one line announces the recovery, and the new value is served after
   * it.
   */
  @Test
  void vaultDownForAWhileBacksOffLogsOncePerOutageAndRecovers() {
    int failedAttempts = 4;
    CompletableFuture<List<Long>> gaps = new CompletableFuture<>();
    AgentJvm.Result result =
        agent("3s")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    server.requests().clear();
                    server.faults().nextVaultRequests(FaultPlan.ALWAYS, Fault.unavailable());
                    server.secrets().set("db-password", "after-outage");
                    CompletableFuture.runAsync(
                        () -> {
                          List<RequestLog.Entry> failed = awaitReads(503, failedAttempts);
                          server.faults().clear();
                          gaps.complete(gapsMillis(failed));
                        });
                  }
                },
                "await-env",
                "DB_PASSWORD",
                "after-outage");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertNoLeak(result.stdout() + result.stderr());
    List<Long> measured = gaps.getNow(List.of());
    System.out.println("[fault-matrix] backoff gaps between failed refreshes (ms): " + measured);
    assertEquals(failedAttempts - 1, measured.size(), "gaps " + measured + "\n" + result);
    for (int i = 1; i < measured.size(); i++) {
      assertTrue(measured.get(i) > measured.get(i - 1), "the gaps grow: " + measured);
    }
    assertTrue(
        measured.get(0) >= 800 && measured.get(0) < 1500, "first backoff about 1 s: " + measured);
    assertTrue(
        measured.get(measured.size() - 1) >= 2600, "capped near the 3 s interval: " + measured);
    assertEquals(
        1,
        count(
            result.stderr(),
            "refreshing secret 'db-password' failed, the last good value is still served"
                + " for DB_PASSWORD"),
        "one warning per outage:\n" + result);
    assertEquals(
        1,
        count(
            result.stderr(),
            "is served from Key Vault "
                + server.vaultUrl()
                + " again after "
                + failedAttempts
                + " failed refresh(es)"),
        "one line on recovery:\n" + result);
  }

  /** A 429 with Retry-After 3 s during refresh (every 500 ms): no request before it elapsed. */
  @Test
  void throttledRefreshWaitsForRetryAfter() {
    CompletableFuture<Long> gap = new CompletableFuture<>();
    AgentJvm.Result result =
        agent("500ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    server.requests().clear();
                    server.faults().nextVaultRequests(1, Fault.throttled(Duration.ofSeconds(3)));
                    server.secrets().set("db-password", "after-throttling");
                    CompletableFuture.runAsync(
                        () -> {
                          awaitReads(200, 1);
                          List<RequestLog.Entry> reads = secretReads();
                          gap.complete(
                              reads.get(0).status() == 429 ? gapsMillis(reads).get(0) : -1);
                        });
                  }
                },
                "await-env",
                "DB_PASSWORD",
                "after-throttling");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertNoLeak(result.stdout() + result.stderr());
    long measured = gap.join();
    System.out.println("[fault-matrix] gap after a 429 with Retry-After 3 s (ms): " + measured);
    assertTrue(
        measured >= 3000, "no request before Retry-After elapsed: " + measured + " ms\n" + result);
    assertTrue(measured < 3000 * 1.1 + 500, "and not much later: " + measured + " ms");
    assertTrue(
        result.stderr().contains("is throttling requests (429, Retry-After 3 s)"),
        result::toString);
  }

  /**
   * The secret deleted, or disabled, after start (refresh every 300 ms): the last value is still
   * served for two seconds of failed refreshes, with one warning naming the key and the cause.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deleted", "disabled"})
  void secretGoneAfterStartKeepsTheLastValueAndWarnsOnce(String change) {
    Consumer<String> onLine =
        line -> {
          if (line.startsWith("env-length:")) {
            if (change.equals("deleted")) {
              server.secrets().delete("db-password");
            } else {
              server.secrets().update("db-password", null, SecretChange.enabled(false));
            }
          }
        };
    AgentJvm.Result result =
        agent("300ms")
            .run(
                LookupApp.class,
                onLine,
                "env-length",
                "DB_PASSWORD",
                "sleep",
                "2000",
                "env",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        PASSWORD, result.lookups().get("env:DB_PASSWORD"), "the last good value:\n" + result);
    long failures =
        secretReads().stream().filter(e -> e.status() == 404 || e.status() == 403).count();
    assertTrue(failures >= 3, "several refreshes failed: " + failures);
    assertEquals(
        1,
        count(
            result.stderr(),
            "refreshing secret 'db-password' failed, the last good value is still served"
                + " for DB_PASSWORD: "),
        "warned once:\n" + result);
    assertTrue(
        result.stderr().contains(change.equals("deleted") ? "does not exist" : "is disabled"),
        result::toString);
    assertNoLeak(result.stderr());
  }

  /**
   * Waits (at most 30 s) until the vault answered {@code count} reads of db-password with {@code
   * status}.
   */
  static List<RequestLog.Entry> awaitReads(int status, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<RequestLog.Entry> matching =
          secretReads().stream().filter(e -> e.status() == status).toList();
      if (matching.size() >= count) {
        return matching;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(
        "the vault did not answer " + count + " reads with " + status + ": " + secretReads());
  }
}
