package io.secretsagent.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Refresh, rotation and failure handling, driven by a fake clock: no sleeping. */
class SecretStoreTest {

  /** A backend whose answers the test sets; counts requests. */
  static final class ScriptedBackend implements SecretsBackend {
    final Map<String, Object> answers = new HashMap<>();
    final Map<String, Integer> requests = new HashMap<>();
    final List<Long> times = new ArrayList<>();
    java.util.function.LongSupplier clock = () -> 0;

    @Override
    public Secret fetch(SecretRef ref) throws BackendException {
      requests.merge(ref.name(), 1, Integer::sum);
      times.add(clock.getAsLong());
      Object answer = answers.get(ref.name());
      if (answer instanceof BackendException e) {
        throw e;
      }
      if (answer == null) {
        throw new BackendException(BackendException.Kind.NOT_FOUND, "no " + ref.name());
      }
      return (Secret) answer;
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  static final RandomGenerator MIDDLE = () -> 0x4000_0000_0000_0000L; // nextDouble() == 0.25
  final FakeScheduler scheduler = new FakeScheduler();
  final ScriptedBackend backend = new ScriptedBackend();
  final ManagedKey password =
      new ManagedKey(
          KeySpec.Kind.ENVIRONMENT, "DB_PASSWORD", new SecretRef("db", null), "password");
  final ManagedKey username =
      new ManagedKey(
          KeySpec.Kind.ENVIRONMENT, "DB_USERNAME", new SecretRef("db", null), "username");
  final ManagedKey pinned =
      new ManagedKey(KeySpec.Kind.PROPERTY, "api.key", new SecretRef("api", "v1"), null);
  final List<Map<String, String>> rotations = new ArrayList<>();

  SecretStore store(Duration interval) {
    SecretStore store =
        new SecretStore(
            backend,
            List.of(password, username, pinned),
            new RefreshPolicy(interval, Duration.ofSeconds(1), MIDDLE),
            scheduler,
            Runnable::run);
    store.addListener((ref, values) -> rotations.add(values));
    return store;
  }

  /** Both secrets answered, resolved, refreshing. */
  SecretStore started(Duration interval) {
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    answer("api", "k", "v1");
    SecretStore store = store(interval);
    assertEquals(Map.of(), store.resolve(Duration.ofSeconds(1)).join());
    store.startRefreshing();
    return store;
  }

  void answer(String name, String value, String version) {
    backend.answers.put(name, new Secret(value, version));
  }

  @Test
  void resolvesEveryKeyOncePerSecretAndSelectsFields() {
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    answer("api", "k", "v1");
    Map<ManagedKey, String> failed =
        store(Duration.ofMinutes(5)).resolve(Duration.ofSeconds(1)).join();
    assertEquals(Map.of(), failed);
    assertEquals("pw1", password.value());
    assertEquals("app", username.value());
    assertEquals("k", pinned.value());
    assertEquals(1, backend.requests.get("db"), "one request per secret, not per key");
  }

  @Test
  void rotationIsServedAndAnnouncedWithBothFieldsOfTheSameVersion() {
    started(Duration.ofMinutes(5));
    answer("db", "{\"username\": \"app2\", \"password\": \"pw2\"}", "2");

    scheduler.advance(Duration.ofMinutes(4));
    assertEquals("pw1", password.value(), "not before the (jittered) interval");
    scheduler.advance(Duration.ofMinutes(2));
    assertEquals("pw2", password.value());
    assertEquals("app2", username.value());
    assertEquals(List.of(Map.of("DB_PASSWORD", "pw2", "DB_USERNAME", "app2")), rotations);
    assertEquals(1, backend.requests.get("api"), "a pinned version is never refreshed");
  }

  @Test
  void unchangedValueIsNotAnnounced() {
    started(Duration.ofMinutes(1));
    scheduler.advance(Duration.ofMinutes(10));
    assertTrue(backend.requests.get("db") >= 9, "refreshed every interval: " + backend.requests);
    assertEquals(List.of(), rotations);
  }

  @Test
  void failedRefreshKeepsTheLastGoodValueBacksOffHonoursRetryAfterAndRecovers() {
    started(Duration.ofMinutes(5));
    backend.answers.put("db", new BackendException(BackendException.Kind.UNAVAILABLE, "503"));
    scheduler.advance(Duration.ofMillis(285_500)); // the first refresh, at 4.75 min, fails
    assertEquals(1, backend.requests.get("db") - 1, "one failed refresh so far");
    int afterFirst = backend.requests.get("db");
    scheduler.delays().clear();
    scheduler.advance(Duration.ofSeconds(20));
    assertEquals("pw1", password.value(), "last good value kept");
    List<Duration> backoff = List.copyOf(scheduler.delays());
    assertTrue(backoff.size() >= 3, "retried with backoff: " + backoff);
    for (int i = 1; i < backoff.size(); i++) {
      assertTrue(backoff.get(i).compareTo(backoff.get(i - 1)) > 0, "growing: " + backoff);
    }

    backend.answers.put(
        "db",
        new BackendException(BackendException.Kind.THROTTLED, "429", Duration.ofSeconds(90), null));
    scheduler.delays().clear();
    scheduler.advance(Duration.ofMinutes(1));
    assertTrue(
        scheduler.delays().stream().allMatch(d -> d.compareTo(Duration.ofSeconds(90)) >= 0),
        "Retry-After honoured: " + scheduler.delays());

    answer("db", "{\"username\": \"app\", \"password\": \"pw3\"}", "3");
    scheduler.advance(Duration.ofMinutes(3));
    assertEquals("pw3", password.value(), "recovered");
    assertTrue(backend.requests.get("db") > afterFirst);
  }

  @Test
  void newVersionWithoutTheSelectedFieldIsNotServed() {
    started(Duration.ofMinutes(5));
    answer("db", "{\"username\": \"app\"}", "2");
    scheduler.advance(Duration.ofMinutes(6));
    assertEquals("pw1", password.value());
    assertEquals("app", username.value());
    assertEquals(List.of(), rotations);
  }

  @Test
  void unresolvedKeysAreReportedWithTheBackendsReason() {
    answer("db", "not json", "1");
    Map<ManagedKey, String> failed = store(Duration.ZERO).resolve(Duration.ofSeconds(1)).join();
    assertEquals(3, failed.size());
    assertTrue(
        failed.get(password).contains("is not valid JSON")
            || failed.get(password).contains("not a JSON object"),
        failed.toString());
    assertTrue(failed.get(pinned).contains("no api"), failed.toString());
    assertNull(password.value());
  }

  /**
   * The budget runs out on a retry: the reason reported is the last failure, not a bare time-out.
   */
  @Test
  void aBudgetEndingDuringARetryReportsTheLastFailure() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    SecretsBackend tlsThenHanging =
        new SecretsBackend() {
          @Override
          public Secret fetch(SecretRef ref) throws BackendException {
            if (calls.incrementAndGet() == 1) {
              throw new BackendException(
                  BackendException.Kind.UNREACHABLE, "vault is unreachable: TLS failed");
            }
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new BackendException(BackendException.Kind.UNREACHABLE, "released");
          }

          @Override
          public String describe() {
            return "hanging";
          }
        };
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newScheduledThreadPool(2);
    Scheduler realTime = Scheduler.on(executor);
    try {
      SecretStore store =
          new SecretStore(
              tlsThenHanging,
              List.of(pinned),
              new RefreshPolicy(Duration.ZERO, Duration.ofMillis(10), MIDDLE),
              realTime,
              executor);
      Map<ManagedKey, String> failed = store.resolve(Duration.ofMillis(500)).join();
      assertEquals(
          "vault is unreachable: TLS failed (retried until the start-up budget, SECRETS_STARTUP_TIMEOUT, ran out)",
          failed.get(pinned));
      assertEquals(2, calls.get(), "retried once, then hung");
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void refreshOffSchedulesNothing() {
    started(Duration.ZERO);
    scheduler.advance(Duration.ofSeconds(1)); // the end of the start-up budget, which does nothing
    assertEquals(0, scheduler.pending());
  }

  @Test
  void aRetryAfterHoldsBackEveryRequestOfTheAgentUntilThen() {
    backend.answers.put(
        "db",
        new BackendException(BackendException.Kind.THROTTLED, "429", Duration.ofSeconds(5), null));
    answer("api", "k", "v1");
    CompletableFuture<Map<ManagedKey, String>> done =
        store(Duration.ZERO).resolve(Duration.ofSeconds(30));
    scheduler.advance(Duration.ofMillis(4_900));
    assertEquals(
        Map.of("db", 1), backend.requests, "the other secret waits for the Retry-After too");
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(Map.of("db", 2, "api", 1), backend.requests);
    assertEquals(Map.of(), done.join());
    assertEquals("k", pinned.value());
  }

  /**
   * A {@code Retry-After} of 95 years (or one whose nanoseconds overflow a long) is honoured only
   * up to {@link RefreshPolicy#longestWait}: the agent-wide gate reopens, the schedule goes on, and
   * a rotation is served (before: every refresh stopped for good, or an ArithmeticException ended
   * the schedule).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {3_000_000_000L, 10_000_000_000L})
  void aHugeRetryAfterIsHonouredOnlyUpToTheLongestWait(long seconds) {
    started(Duration.ofMinutes(5));
    backend.answers.put(
        "db",
        new BackendException(
            BackendException.Kind.THROTTLED, "429", Duration.ofSeconds(seconds), null));
    scheduler.advance(Duration.ofMinutes(6)); // the first refresh is throttled
    int throttled = backend.requests.get("db");
    assertEquals(2, throttled, "one refresh went out and was throttled");
    answer("db", "{\"username\": \"app\", \"password\": \"pw2\"}", "2");

    scheduler.advance(Duration.ofMinutes(50));
    assertEquals("pw1", password.value(), "an hour's Retry-After is honoured");
    assertEquals(throttled, backend.requests.get("db"), "no request while the gate is closed");
    scheduler.advance(Duration.ofMinutes(25)); // one hour plus its jitter of at most 10%
    assertEquals("pw2", password.value(), "the gate reopened and the rotation is served");
    assertTrue(scheduler.pending() > 0, "still scheduled");
  }

  /** An expiring credential is tried at its expiry even while the gate is closed longer. */
  @Test
  void aRetryAfterIsNeverHonouredPastTheExpiryUntried() {
    backend.clock = scheduler::nanoTime;
    backend.answers.put("api", new Secret("token-1", null).expiring(Duration.ofMinutes(10)));
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    SecretStore store = store(Duration.ofMinutes(30));
    store.resolve(Duration.ofSeconds(1)).join();
    store.startRefreshing();
    backend.answers.put(
        "api",
        new BackendException(BackendException.Kind.THROTTLED, "429", Duration.ofMinutes(40), null));
    scheduler.advance(Duration.ofMinutes(6)); // the renewal, at 4 to 5 min, is throttled
    int throttled = backend.requests.get("api");
    backend.answers.put("api", new Secret("token-2", null).expiring(Duration.ofMinutes(10)));
    scheduler.advance(Duration.ofMinutes(4).plusSeconds(1));
    assertEquals(throttled + 1, backend.requests.get("api"), "tried once at the expiry");
    assertEquals("token-2", pinned.value());
  }

  /** A token of 60 s: renewed at the latest at half its lifetime, jittered earlier; refresh off. */
  @Test
  void anExpiringSecretIsRenewedFromItsLifetimeNotOnlyEveryInterval() {
    backend.clock = scheduler::nanoTime;
    backend.answers.put("api", new Secret("token-1", null).expiring(Duration.ofSeconds(60)));
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    SecretStore store = store(Duration.ZERO);
    store.resolve(Duration.ofSeconds(1)).join();
    store.startRefreshing();
    backend.answers.put("api", new Secret("token-2", null).expiring(Duration.ofSeconds(60)));

    scheduler.advance(Duration.ofSeconds(24));
    assertEquals("token-1", pinned.value(), "not before 40% of the lifetime");
    scheduler.advance(Duration.ofSeconds(6));
    assertEquals("token-2", pinned.value(), "renewed by half of the lifetime");
    assertEquals(2, backend.requests.get("api"));
    assertEquals(1, backend.requests.get("db"), "refresh is off for secrets that do not expire");
    assertEquals(List.of(Map.of("api.key", "token-2")), rotations, "a new token is announced");
    assertTrue(
        store.status().get(2).contains(", expires 2026-01-01T00:01:"), store.status().get(2));
  }

  /** A Vault lease renews at two thirds of its lifetime; a renewal with the same value is quiet. */
  @Test
  void theBackendSaysWhichFractionOfTheLifetimeToRenewAt() {
    backend.clock = scheduler::nanoTime;
    Secret lease = new Secret("user-1", null).expiring(Duration.ofSeconds(60), 2.0 / 3);
    backend.answers.put("api", lease);
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    SecretStore store = store(Duration.ofMinutes(5));
    store.resolve(Duration.ofSeconds(1)).join();
    store.startRefreshing();

    scheduler.advance(Duration.ofSeconds(32));
    assertEquals(1, backend.requests.get("api"), "not before 80% of two thirds");
    scheduler.advance(Duration.ofSeconds(8));
    assertEquals(2, backend.requests.get("api"), "renewed by two thirds of the lifetime");
    assertEquals(List.of(), rotations, "the same value with a new lifetime is not a rotation");
    scheduler.advance(Duration.ofSeconds(40));
    assertEquals(3, backend.requests.get("api"), "the renewal's own lifetime counts from then");
  }

  /**
   * Renewal fails from the start: the retries back off but the last one before the expiry is at
   * most a second before it; after the expiry the last value is still served, and a successor is
   * served when the backend answers again.
   */
  @Test
  void aFailedRenewalBacksOffButNeverPassesTheExpiryUntried() {
    backend.clock = scheduler::nanoTime;
    backend.answers.put("api", new Secret("token-1", null).expiring(Duration.ofSeconds(60)));
    answer("db", "{\"username\": \"app\", \"password\": \"pw1\"}", "1");
    SecretStore store = store(Duration.ofMinutes(5));
    store.resolve(Duration.ofSeconds(1)).join();
    store.startRefreshing();
    backend.answers.put("api", new BackendException(BackendException.Kind.UNAVAILABLE, "503"));
    backend.times.clear();

    scheduler.advance(Duration.ofSeconds(60));
    List<Long> tries = List.copyOf(backend.times);
    assertTrue(tries.size() >= 6 && tries.size() <= 14, "backed off: " + tries.size() + " tries");
    long last = tries.get(tries.size() - 1);
    assertTrue(
        last >= Duration.ofSeconds(59).toNanos(),
        "tried again within a second of the expiry: " + last / 1e9 + " s");
    for (int i = 2; i < 5; i++) {
      assertTrue(
          tries.get(i) - tries.get(i - 1) > tries.get(i - 1) - tries.get(i - 2),
          "growing at first: " + tries);
    }
    assertEquals("token-1", pinned.value(), "expired: the last value is still served");

    backend.answers.put("api", new Secret("token-2", null).expiring(Duration.ofSeconds(60)));
    scheduler.advance(Duration.ofSeconds(61));
    assertEquals(
        "token-2", pinned.value(), "retried after the expiry too, at most a lifetime later");
  }

  /**
   * Two callers asking for the same secret at once (a login rejected, the schedule) share one
   * request.
   */
  @Test
  void concurrentRefreshesOfOneSecretJoinOneRequest() throws Exception {
    java.util.concurrent.CountDownLatch inFetch = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    SecretsBackend slow =
        new SecretsBackend() {
          @Override
          public Secret fetch(SecretRef ref) {
            calls.incrementAndGet();
            inFetch.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new Secret("v" + calls.get(), null);
          }

          @Override
          public String describe() {
            return "slow";
          }
        };
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      SecretStore store =
          new SecretStore(
              slow,
              List.of(pinned),
              new RefreshPolicy(Duration.ZERO, Duration.ofSeconds(1), MIDDLE),
              scheduler,
              executor);
      CompletableFuture<Secret> first = store.refresh(pinned.ref());
      inFetch.await();
      CompletableFuture<Secret> second = store.refresh(pinned.ref());
      release.countDown();
      assertEquals("v1", first.get(5, java.util.concurrent.TimeUnit.SECONDS).value());
      assertEquals("v1", second.get(5, java.util.concurrent.TimeUnit.SECONDS).value());
      assertEquals(1, calls.get(), "one request for both callers");
      assertEquals("v1", pinned.value());
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  /**
   * An environment variable cannot hold NUL: such a value is refused, naming the key, not the
   * value.
   */
  @Test
  void aValueWithNulIsRefusedForAnEnvironmentVariableButServedForAProperty() {
    answer("db", "{\"username\": \"app\", \"password\": \"p\\u0000w\"}", "1");
    answer("api", "k\0ey", "v1");
    Map<ManagedKey, String> failed = store(Duration.ZERO).resolve(Duration.ofSeconds(1)).join();
    assertEquals(2, failed.size(), failed.toString());
    assertTrue(
        failed
            .get(password)
            .contains("for environment variable DB_PASSWORD contains a NUL character"),
        failed.toString());
    assertTrue(!failed.get(password).contains("p\0w"), "never the value");
    assertNull(password.value());
    assertNull(username.value(), "keys of one secret change together, or not at all");
    assertEquals("k\0ey", pinned.value(), "a system property can hold it");
  }
}
