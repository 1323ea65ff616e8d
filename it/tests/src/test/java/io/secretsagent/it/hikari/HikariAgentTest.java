package io.secretsagent.it.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.it.postgres.PostgresFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent finds an unmodified application's HikariCP pool (no code, no configuration beyond the
 * key list) and moves it to a rotated database password: real PostgreSQL with scram authentication,
 * so a stale password really fails. Runs on every HikariCP version the module tests (7.1, and 5.1
 * and 6.3 in their own surefire executions).
 */
@ExtendWith(SharedPostgres.class)
class HikariAgentTest {

  private static PostgresFixture postgres;

  @TempDir Path dir;

  @BeforeAll
  static void usePostgres(PostgresFixture shared) {
    postgres = shared;
  }

  /** A rotation step run beside the application once its pool serves queries. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /** Runs {@link PoolApp}, performing {@code step} on its own thread when the app prints ready. */
  private static AgentJvm.Result runRotating(AgentJvm jvm, Step step, String... args) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AgentJvm.Result result =
        jvm.run(
            PoolApp.class,
            line -> {
              if (line.equals("ready")) {
                new Thread(
                        () -> {
                          try {
                            step.run();
                          } catch (Throwable t) {
                            failure.set(t);
                          }
                        })
                    .start();
              }
            },
            args);
    assertEquals(null, failure.get(), "the rotation step failed");
    assertEquals(0, result.exitStatus(), result::toString);
    return result;
  }

  private AgentJvm app(String role, SecretsFile file, String refresh) {
    return PoolAppJvm.withAgent(postgres, role, file, refresh);
  }

  /** Vault (here the file) updated first, the database later: the swap waits for the database. */
  @Test
  void passwordRotatedInTheVaultFirstIsAppliedOnceTheDatabaseTakesIt() throws Exception {
    String role = postgres.newRole("vault_first_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AtomicBoolean allNew = new AtomicBoolean();
    AgentJvm.Result result =
        runRotating(
            app(role, file, "200ms"),
            () -> {
              file.write("{\"db-password\": \"pw-2\"}");
              Thread.sleep(
                  1500); // the agent tries the new password and the database still refuses it
              Instant altered = Instant.now();
              postgres.alterPassword(role, "pw-2");
              allNew.set(allSessionsStartedAfter(role, altered));
            },
            "6");
    assertTrue(
        allNew.get(),
        "every session of the pool logged in after the database took the new password");
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'app-pool' follows secret 'db-password' (password)"),
        result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'app-pool' and the rotated secret 'db-password': APPLIED"),
        result::toString);
    assertTrue(
        result
            .stdout()
            .contains("pools=app-pool -> secret 'db-password' (password), swaps 1, last swap "),
        "JMX: " + result);
    assertTrue(
        result.stdout().lines().anyMatch("pools-after-close="::equals),
        "a closed pool must be let go: " + result);
    assertTrue(
        result
            .stderr()
            .contains(
                "HikariCP pool 'app-pool' was closed; it no longer follows secret 'db-password'"),
        result::toString);
    assertTrue(
        result.stdout().matches("(?s).*validation logins refused [1-9].*"),
        "the database refused the password at first: " + result);
    assertTrue(
        result.stdout().contains(" APPLIED") && !result.stdout().contains("pw-2"),
        "JMX, never a password: " + result);
    assertLoginRejected(role, "pw-1");
  }

  @Test
  void aDataSourceClassNamePoolIsFollowedToo() throws Exception {
    String role = postgres.newRole("ds_class_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AgentJvm.Result result =
        runRotating(
            app(role, file, "200ms"),
            () -> {
              postgres.alterPassword(role, "pw-2");
              file.write("{\"db-password\": \"pw-2\"}");
            },
            "4",
            "10",
            "dataSourceClassName");
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(result.stderr().contains("'db-password': APPLIED"), result::toString);
    assertLoginRejected(role, "pw-1");
  }

  @Test
  void aPasswordInsideTheJdbcUrlIsNotBoundAndTheWarningSaysWhatToDo() throws Exception {
    String role = postgres.newRole("in_url_", "pw-in-url-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-in-url-1\"}");
    AgentJvm.Result result = app(role, file, "1h").run(PoolApp.class, "1", "10", "passwordInUrl");
    assertEquals(0, result.exitStatus(), result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'app-pool' has the value of DB_PASSWORD inside its JDBC URL"),
        result::toString);
    assertTrue(result.stderr().contains("set it as the pool's password instead"), result::toString);
    assertTrue(!result.stderr().contains("pw-in-url-1"), "never the value: " + result);
  }

  /**
   * Database first, refresh interval an hour: the pool's idle sessions end (as in a failover), its
   * next login is rejected, and that makes the agent fetch the secret at once. No query fails: the
   * pool validates idle connections before lending them (after 500 ms idle), and the queries
   * waiting for a connection get one with the new password.
   */
  @Test
  void passwordRotatedInTheDatabaseFirstCostsNoQuery() throws Exception {
    String role = postgres.newRole("db_first_idle_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AtomicBoolean allNew = new AtomicBoolean();
    AgentJvm.Result result =
        runRotating(
            app(role, file, "1h"),
            () -> {
              awaitSessions(
                  role, 4); // the pool is full: its idle sessions are what the database ends
              Instant altered = Instant.now();
              postgres.alterPassword(role, "pw-2");
              file.write("{\"db-password\": \"pw-2\"}");
              Thread.sleep(700);
              assertTrue(
                  postgres.terminateIdleBackends(role) > 0,
                  "a session idle past HikariCP's 500 ms validation bypass ended");
              // The query threads keep their own sessions; one used less than 500 ms ago was
              // spared, and the pool only notices a dead session it lends. End those too, as
              // they go idle, until the pool has tried a new login.
              endOldIdleSessions(role, altered);
              allNew.set(allSessionsStartedAfter(role, altered));
            },
            "10",
            "1500");
    assertTrue(
        allNew.get(),
        () -> "every session of the pool logged in after the database change: " + result);
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result.stderr().contains("(SQLState 28P01); refreshing secret 'db-password' now"),
        result::toString);
    assertTrue(result.stderr().contains("'db-password': APPLIED"), result::toString);
    assertLoginRejected(role, "pw-1");
  }

  /** Database first with the sessions killed mid-query: only the queries on them fail. */
  @Test
  void passwordRotatedInTheDatabaseFirstIsFetchedOnTheFirstRejectedLogin() throws Exception {
    String role = postgres.newRole("db_first_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AgentJvm.Result result =
        runRotating(
            app(role, file, "1h"),
            () -> {
              postgres.alterPassword(role, "pw-2");
              file.write("{\"db-password\": \"pw-2\"}");
              postgres.terminateBackends(
                  role); // existing sessions survive ALTER ROLE: force new logins
            },
            "6");
    System.out.println(
        "database-first rotation through the agent, HikariCP "
            + HikariVersion.running()
            + ": "
            + result.stdout().lines().filter(l -> l.startsWith("ok=")).findFirst().orElse("?")
            + "\n"
            + result.stderr());
    assertTrue(
        result
            .stderr()
            .contains(
                "the database rejected a login (SQLState 28P01); refreshing secret 'db-password' now"),
        result::toString);
    assertTrue(result.stderr().contains("'db-password': APPLIED"), result::toString);
    assertLoginRejected(role, "pw-1");
  }

  /** Blue/green users: a JSON secret's username and password are swapped together. */
  @Test
  void usernameAndPasswordFromOneJsonSecretSwapTogether() throws Exception {
    long n = System.nanoTime() % 100000;
    String blue = "blue_" + n;
    String green = "green_" + n;
    postgres.createRole(blue, "pw-blue");
    postgres.createRole(green, "pw-green");
    SecretsFile file =
        new SecretsFile(
            dir, "{\"db-creds\": {\"username\": \"" + blue + "\", \"password\": \"pw-blue\"}}");
    AtomicReference<String> sessions = new AtomicReference<>("not checked");
    AgentJvm.Result result =
        app(blue, file, "200ms")
            .env("SECRETS_KEYS", "DB_USERNAME=db-creds#username,DB_PASSWORD=db-creds#password")
            .run(
                PoolApp.class,
                line -> {
                  if (line.equals("ready")) {
                    file.write(
                        "{\"db-creds\": {\"username\": \""
                            + green
                            + "\", \"password\": \"pw-green\"}}");
                    new Thread(
                            () -> {
                              long deadline = System.nanoTime() + 4_000_000_000L;
                              while (System.nanoTime() < deadline) {
                                if (postgres.backendStartTimes(blue).isEmpty()
                                    && !postgres.backendStartTimes(green).isEmpty()) {
                                  sessions.set("all on " + green);
                                  return;
                                }
                                Thread.onSpinWait();
                              }
                              sessions.set(
                                  "blue "
                                      + postgres.backendStartTimes(blue).size()
                                      + ", green "
                                      + postgres.backendStartTimes(green).size());
                            })
                        .start();
                  }
                },
                "5");
    assertEquals(0, result.exitStatus(), result::toString);
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result.stderr().contains("follows secret 'db-creds' (username and password)"),
        result::toString);
    assertTrue(result.stderr().contains("'db-creds': APPLIED"), result::toString);
    assertEquals(
        "all on " + green,
        sessions.get(),
        "every session of the pool moved to the new user while the app ran");
  }

  /**
   * Blue/green users swapped every 150 ms for 5 s (refresh every 50 ms), each user with its own
   * password ({@code pw-<user>}): no query fails, and on HikariCP 6+ the pool's (username,
   * password), read in one call as the pool reads it for a new connection, is never a mixed pair.
   * HikariCP 5 sets the two one after the other (documented in CredentialsWriter), so there the
   * count is only reported.
   */
  @Test
  void repeatedRotationsNeverGiveThePoolAMixedCredentialPair() throws Exception {
    long n = System.nanoTime() % 100000;
    String blue = "blue_" + n;
    String green = "green_" + n;
    postgres.createRole(blue, "pw-" + blue);
    postgres.createRole(green, "pw-" + green);
    SecretsFile file = new SecretsFile(dir, credentials(blue));
    AgentJvm.Result result =
        runRotating(
            app(blue, file, "50ms")
                .env("SECRETS_KEYS", "DB_USERNAME=db-creds#username,DB_PASSWORD=db-creds#password"),
            () -> {
              long end = System.nanoTime() + 5_000_000_000L;
              for (int i = 1; System.nanoTime() < end; i++) {
                file.write(credentials(i % 2 == 0 ? blue : green));
                Thread.sleep(150);
              }
            },
            "6",
            "10",
            "jdbcUrl",
            "sample-credentials");
    java.util.regex.Matcher pairs =
        java.util.regex.Pattern.compile(
                "credential-pairs: samples=(\\d+) mixed=(\\d+) users=(\\d+) atomic=(\\w+)")
            .matcher(result.stdout());
    assertTrue(pairs.find(), result::toString);
    java.util.regex.Matcher swaps =
        java.util.regex.Pattern.compile("swaps (\\d+)").matcher(result.stdout());
    assertTrue(swaps.find() && Integer.parseInt(swaps.group(1)) >= 5, "many swaps: " + result);
    System.out.println(
        "[fault-matrix] HikariCP "
            + HikariVersion.running()
            + " "
            + pairs.group()
            + ", swaps "
            + swaps.group(1)
            + ", "
            + result.stdout().lines().filter(l -> l.startsWith("ok=")).findFirst().orElse("?"));
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        Long.parseLong(pairs.group(1)) > 1000 && pairs.group(3).equals("2"),
        "sampled both users: " + pairs.group());
    if (Boolean.parseBoolean(pairs.group(4))) {
      assertEquals("0", pairs.group(2), "a mixed (username, password) pair: " + pairs.group());
    }
  }

  private static String credentials(String user) {
    return "{\"db-creds\": {\"username\": \"" + user + "\", \"password\": \"pw-" + user + "\"}}";
  }

  @Test
  void anAmbiguousPasswordIsBoundOnlyByNameWhenTold() throws Exception {
    String role = postgres.newRole("ambiguous_", "pw-1");
    SecretsFile file =
        new SecretsFile(dir, "{\"db-password\": \"pw-1\", \"replica-password\": \"pw-1\"}");
    AgentJvm ambiguous = app(role, file, "1h").env("SECRETS_KEYS", "DB_PASSWORD,REPLICA_PASSWORD");
    AgentJvm.Result unbound = ambiguous.run(PoolApp.class, "1");
    assertTrue(
        unbound
            .stderr()
            .contains(
                "HikariCP pool 'app-pool' is not bound: its password is the value of [DB_PASSWORD, REPLICA_PASSWORD];"
                    + " name one with SECRETS_HIKARI_BINDINGS=app-pool=<KEY>"),
        unbound::toString);

    AgentJvm.Result bound =
        ambiguous.env("SECRETS_HIKARI_BINDINGS", "app-pool=DB_PASSWORD").run(PoolApp.class, "1");
    assertTrue(
        bound.stderr().contains("HikariCP pool 'app-pool' follows secret 'db-password' (password)"),
        bound::toString);

    AgentJvm.Result malformed =
        ambiguous.env("SECRETS_HIKARI_BINDINGS", "app-pool=NOT_A_KEY").run(PoolApp.class, "1");
    assertEquals(78, malformed.exitStatus(), malformed::toString);
    assertTrue(
        malformed.stderr().contains("'app-pool=NOT_A_KEY' in SECRETS_HIKARI_BINDINGS"),
        malformed::toString);
  }

  /**
   * A pool bound by name whose password is not the served value (as when the secret rotated while
   * the pool was being bound) moves to the served one at once, validated first: it does not wait
   * for a rotation that already happened.
   */
  @Test
  void aPoolBoundWithAnOlderPasswordMovesToTheServedOne() throws Exception {
    String role = postgres.newRole("catch_up_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-2\"}");
    AgentJvm jvm =
        app(role, file, "1h")
            .env("SECRETS_KEYS", "MANAGED_PASSWORD=db-password")
            .env("DB_PASSWORD", "pw-1")
            .env("SECRETS_HIKARI_BINDINGS", "app-pool=MANAGED_PASSWORD");
    AgentJvm.Result result =
        runRotating(
            jvm,
            () -> {
              Thread.sleep(500); // the agent validates pw-2 and the database refuses it, until:
              postgres.alterPassword(role, "pw-2");
            },
            "4");
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'app-pool' and the rotated secret 'db-password': APPLIED"),
        result::toString);
    assertLoginRejected(role, "pw-1");
  }

  @Test
  void aPoolWhosePasswordIsNotManagedIsLeftAlone() throws Exception {
    String role = postgres.newRole("unmanaged_", "pw-x");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"something-else\"}");
    AgentJvm.Result result =
        app(role, file, "1h")
            .env("SECRETS_KEYS", "OTHER=db-password")
            .env("DB_PASSWORD", "pw-x")
            .run(PoolApp.class, "1");
    assertEquals(0, result.exitStatus(), result::toString);
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(!result.stderr().contains("follows secret"), result::toString);
  }

  /** Polls, up to 10 s, until the role has {@code count} sessions. */
  private static void awaitSessions(String role, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (postgres.backendStartTimes(role).size() < count) {
      assertTrue(System.nanoTime() < deadline, "the pool did not open " + count + " sessions");
      Thread.sleep(20);
    }
  }

  /**
   * Ends the role's sessions idle past 500 ms, every 300 ms, until all its sessions began after
   * {@code since} or 5 s have passed.
   */
  private static void endOldIdleSessions(String role, Instant since) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && !postgres.backendStartTimes(role).stream().allMatch(t -> t.isAfter(since))) {
      Thread.sleep(300);
      postgres.terminateIdleBackends(role);
    }
  }

  /** Polls, up to 10 s, until the role has sessions and every one began after {@code since}. */
  private static boolean allSessionsStartedAfter(String role, Instant since)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Instant> sessions = postgres.backendStartTimes(role);
      if (!sessions.isEmpty() && sessions.stream().allMatch(t -> t.isAfter(since))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static void assertLoginRejected(String role, String password) {
    assertEquals("28P01", postgres.login(role, password), "the old password is refused");
  }
}
