package io.secretsagent.internal.backend.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.BackendException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VaultSession}'s renewal, driven by a fake timer: no test waits for a token's TTL. Vault is
 * a fake {@link VaultHttp} answering each path from a queue.
 */
class VaultSessionTest {

  @TempDir Path dir;

  /** Vault's answers, path by path, and the calls made (method, path, token). */
  static final class FakeVault extends VaultHttp {
    final Map<String, Deque<Response>> answers = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    FakeVault() throws Exception {
      super(
          URI.create("https://vault.test:8200"),
          null,
          SSLContext.getDefault(),
          null,
          Duration.ofSeconds(1));
    }

    FakeVault answer(String path, int status, Map<String, Object> json) {
      answers.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Response(status, json, null));
      return this;
    }

    FakeVault answer(String path, int status, Map<String, Object> json, boolean looksLikeVault) {
      answers
          .computeIfAbsent(path, p -> new ArrayDeque<>())
          .add(new Response(status, json, null, looksLikeVault, List.of()));
      return this;
    }

    /** As VaultHttp does: the answer carries the credentials its request sent. */
    @Override
    Response get(String path, String token) {
      calls.add("GET " + path + " " + token);
      return sent(answers.get(path).remove(), token == null ? List.of() : List.of(token));
    }

    @Override
    Response post(String path, String token, Map<String, Object> body, String... credentials) {
      calls.add("POST " + path + " " + token);
      List<String> sent = new ArrayList<>(List.of(credentials));
      if (token != null) {
        sent.add(token);
      }
      return sent(answers.get(path).remove(), sent);
    }

    private static Response sent(Response r, List<String> sent) {
      return new Response(r.status(), r.json(), r.retryAfter(), r.looksLikeVault(), sent);
    }
  }

  /** Tasks and their delays; {@link #runNext} runs the one pending task. */
  static final class FakeTimer implements VaultSession.Timer {
    final List<Duration> delays = new ArrayList<>();
    private Runnable pending;
    private CompletableFuture<Void> handle;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
      delays.add(delay);
      pending = task;
      handle = new CompletableFuture<>();
      return handle;
    }

    Duration nextDelay() {
      assertTrue(pending != null && !handle.isCancelled(), "nothing scheduled");
      return delays.get(delays.size() - 1);
    }

    void runNext() {
      Runnable task = pending;
      assertTrue(task != null && !handle.isCancelled(), "nothing scheduled");
      pending = null;
      task.run();
    }

    boolean idle() {
      return pending == null || handle.isCancelled();
    }
  }

  static Map<String, Object> lookup(long ttl, boolean renewable) {
    return Map.of("data", Map.of("ttl", ttl, "renewable", renewable));
  }

  static Map<String, Object> renewed(long lease) {
    return Map.of("auth", Map.of("lease_duration", lease, "renewable", true));
  }

  VaultLogin tokenFile(String token) throws Exception {
    return new VaultLogin.Token(null, Files.writeString(dir.resolve("token"), token + "\n"));
  }

  @Test
  void aRenewableTokenIsRenewedAtTwoThirdsOfItsTtlAgainAndAgain() throws Exception {
    FakeVault vault =
        new FakeVault()
            .answer("auth/token/lookup-self", 200, lookup(3600, true))
            .answer("auth/token/renew-self", 200, renewed(3600))
            .answer("auth/token/renew-self", 200, renewed(3600));
    FakeTimer timer = new FakeTimer();
    VaultSession session = new VaultSession(vault, new VaultLogin.Token("hvs.first", null), timer);

    assertEquals("hvs.first", session.token());
    assertEquals(Duration.ofSeconds(2400), timer.nextDelay());
    timer.runNext();
    assertEquals(Duration.ofSeconds(2400), timer.nextDelay());
    timer.runNext();
    assertEquals(
        List.of(
            "GET auth/token/lookup-self hvs.first",
            "POST auth/token/renew-self hvs.first",
            "POST auth/token/renew-self hvs.first"),
        vault.calls);
  }

  @Test
  void aLeaseThatStopsGrowingMeansTheMaxTtlIsNearSoTheAgentLogsInAgain() throws Exception {
    FakeVault vault =
        new FakeVault()
            .answer("auth/token/lookup-self", 200, lookup(3600, true))
            .answer("auth/token/renew-self", 200, renewed(600))
            .answer("auth/token/lookup-self", 200, lookup(3600, true));
    FakeTimer timer = new FakeTimer();
    VaultSession session = new VaultSession(vault, tokenFile("hvs.first"), timer);
    session.token();
    Files.writeString(dir.resolve("token"), "hvs.second\n"); // Vault Agent wrote a new token

    timer.runNext(); // renewal: the lease shrank to 600 s
    assertEquals(Duration.ofSeconds(400), timer.nextDelay());
    timer.runNext(); // a fresh login from the file
    assertEquals("hvs.second", session.token());
    assertEquals(Duration.ofSeconds(2400), timer.nextDelay());
  }

  @Test
  void aServerErrorWhileRenewingIsRetriedSoonAndARefusalLogsInAgain() throws Exception {
    FakeVault vault =
        new FakeVault()
            .answer("auth/token/lookup-self", 200, lookup(90, true))
            .answer("auth/token/renew-self", 503, Map.of("errors", List.of("Vault is sealed")))
            .answer("auth/token/renew-self", 403, Map.of("errors", List.of("permission denied")))
            .answer("auth/token/lookup-self", 200, lookup(90, true));
    FakeTimer timer = new FakeTimer();
    VaultSession session = new VaultSession(vault, tokenFile("hvs.first"), timer);
    session.token();
    assertEquals(Duration.ofSeconds(60), timer.nextDelay());

    timer.runNext(); // 503
    assertEquals(Duration.ofSeconds(5), timer.nextDelay());
    Files.writeString(dir.resolve("token"), "hvs.second\n");
    timer.runNext(); // 403: refused, log in again at once
    assertEquals("hvs.second", session.token());
    assertEquals(Duration.ofSeconds(60), timer.nextDelay());
  }

  @Test
  void aTokenThatCannotBeRenewedOrReplacedIsLeftToExpireWithAWarning() throws Exception {
    FakeVault vault = new FakeVault().answer("auth/token/lookup-self", 200, lookup(60, false));
    FakeTimer timer = new FakeTimer();
    new VaultSession(vault, new VaultLogin.Token("hvs.only", null), timer).token();
    assertTrue(timer.idle(), "nothing can renew a non-renewable VAULT_TOKEN");
  }

  @Test
  void aMalformedTokenFileIsRefusedWithoutItsContent() throws Exception {
    VaultLogin login = tokenFile("hvs.first\nhvs.second");
    BackendException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            BackendException.class, () -> login.login(new FakeVault()));
    assertTrue(e.getMessage().contains("character 10 of 20 is a line break"), e.getMessage());
    assertTrue(
        !e.getMessage().contains("hvs.first") && !e.getMessage().contains("hvs.second"),
        e.getMessage());
  }

  /** Issue 12 item 7: a huge TTL from the server never overflows into a hot renewal loop. */
  @Test
  void aHugeTtlIsClampedNotOverflowed() throws Exception {
    FakeVault vault =
        new FakeVault()
            .answer("auth/token/lookup-self", 200, lookup(Long.MAX_VALUE / 1000, true))
            .answer(
                "auth/token/renew-self",
                200,
                Map.of(
                    "auth",
                    Map.of(
                        "lease_duration",
                        new java.math.BigInteger("9".repeat(30)),
                        "renewable",
                        true)));
    FakeTimer timer = new FakeTimer();
    VaultSession session = new VaultSession(vault, new VaultLogin.Token("hvs.first", null), timer);
    session.token();
    Duration max = VaultSession.MAX_LEASE.multipliedBy(2).dividedBy(3);
    assertEquals(max, timer.nextDelay());
    timer.runNext();
    assertEquals(max, timer.nextDelay());
    assertEquals(max.toMillis(), VaultSession.renewalDelayMillis(Long.MAX_VALUE));
    assertEquals(0, VaultSession.renewalDelayMillis(Long.MIN_VALUE));
  }

  /** Issue 12 item 1: Vault text that echoes the token never carries it into the message. */
  @Test
  void aRefusalThatEchoesTheTokenDoesNotRepeatIt() throws Exception {
    String token = "opaque-TOPSECRET-token";
    FakeVault vault =
        new FakeVault()
            .answer(
                "auth/token/lookup-self",
                403,
                Map.of(
                    "errors",
                    List.of(
                        "permission denied for token "
                            + token
                            + " Authorization: Bearer "
                            + token
                            + " X-Vault-Token: "
                            + token)));
    VaultSession session =
        new VaultSession(vault, new VaultLogin.Token(token, null), new FakeTimer());
    BackendException e = assertThrows(BackendException.class, session::token);
    assertEquals(BackendException.Kind.UNAUTHENTICATED, e.kind());
    assertTrue(
        e.getMessage()
            .contains(
                "refused the token from VAULT_TOKEN (403: permission denied for token [redacted]"),
        e.getMessage());
    assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
  }

  /** Issue 12 item 4: only 401 and 403 mean the token is refused; others say VAULT_ADDR. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "404, true, 'is not a Vault API: GET auth/token/lookup-self, which every Vault serves, was answered 404'",
    "404, false, 'is not a Vault API: GET auth/token/lookup-self was answered 404 with a body that is not Vault''s JSON'",
    "307, false, 'redirected GET auth/token/lookup-self (307), and the agent follows no redirect'",
    "301, true, 'point VAULT_ADDR at the active node'",
    "200, false, 'is not a Vault API: GET auth/token/lookup-self was answered 200'",
    "401, true, 'refused the token from VAULT_TOKEN (401)'"
  })
  void onlyA401Or403MeansTheTokenIsRefused(int status, boolean json, String expected)
      throws Exception {
    FakeVault vault = new FakeVault().answer("auth/token/lookup-self", status, Map.of(), json);
    VaultSession session =
        new VaultSession(vault, new VaultLogin.Token("hvs.first", null), new FakeTimer());
    BackendException e = assertThrows(BackendException.class, session::token);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(
        status == 401 ? BackendException.Kind.UNAUTHENTICATED : BackendException.Kind.INVALID,
        e.kind());
    if (status != 401) {
      assertFalse(e.getMessage().contains("token".concat(" is wrong")), e.getMessage());
      assertTrue(e.getMessage().contains("VAULT_ADDR"), e.getMessage());
    }
  }
}
