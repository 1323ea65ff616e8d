package io.secretsagent.it.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.it.keyvault.ClientThrottle;
import io.secretsagent.it.keyvault.KeyVaultServer;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulation's smoke run with real processes: ten agents (the built jar, the real Azure
 * SDK, each with its own managed-identity token) start together, 20 secrets each, against the Key
 * Vault-compatible server throttled in proportion: Key Vault's 4,000 GET per 10 s for 1,000 pods is
 * 40 for ten, here per 5 s window to keep the run short. Every process must start, and none may ask
 * before its Retry-After. Asking again for a secret it was answered 429 on is always early. A
 * request for another secret that arrives within 2 s of the client's 429 is counted apart, as in
 * flight: on two busy cores a request the client sent (or a 429 it had not yet read) can reach the
 * server that late. An agent that ignored Retry-After would retry the same secret after 1 s, 2 s, 4
 * s of backoff and be caught.
 */
class FleetStartupTest {

  static final int AGENTS = 10;
  static final int SECRETS = 20;
  static KeyVaultServer server;

  @BeforeAll
  static void start() throws Exception {
    server = KeyVaultServer.builder().start();
    for (int i = 0; i < SECRETS; i++) {
      server.secrets().set("secret-" + i, "fleet-value-" + i);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tenAgentsStartingTogetherAllStartAndNoneAsksWhileToldToWait() throws Exception {
    ClientThrottle throttle =
        server.faults().throttlePerClient(40, Duration.ofSeconds(5), Duration.ofSeconds(2));
    String keys =
        IntStream.range(0, SECRETS)
            .mapToObj(i -> "SECRET_" + i + "=secret-" + i)
            .collect(Collectors.joining(","));
    ExecutorService pods = Executors.newFixedThreadPool(AGENTS);
    long start = System.nanoTime();
    List<Future<AgentJvm.Result>> runs = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      AgentJvm jvm = AgentJvm.current();
      server.agentEnvironment().forEach(jvm::env);
      jvm.env("SECRETS_KEYS", keys).env("SECRETS_STARTUP_TIMEOUT", "50s");
      server.childJvmOptions().forEach(jvm::jvmArg);
      runs.add(
          pods.submit(
              () -> jvm.run(LookupApp.class, "env-length", "SECRET_0", "env-length", "SECRET_19")));
    }
    List<AgentJvm.Result> results = new ArrayList<>();
    for (Future<AgentJvm.Result> run : runs) {
      results.add(run.get());
    }
    pods.shutdown();
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    System.out.println(
        "fleet smoke run: "
            + AGENTS
            + " agents x "
            + SECRETS
            + " secrets, 40 GET / 5 s: "
            + results.stream().filter(r -> r.exitStatus() == 0).count()
            + " started in "
            + wallMs
            + " ms (slowest process "
            + results.stream().mapToLong(r -> r.wall().toMillis()).max().orElse(0)
            + " ms); "
            + throttle.admitted()
            + " GETs served, "
            + throttle.throttled()
            + " answered 429, "
            + throttle.inFlightAfterThrottle()
            + " in flight within 2 s of a 429, "
            + throttle.earlyRequests().size()
            + " early, "
            + throttle.clients()
            + " clients");

    for (AgentJvm.Result result : results) {
      assertEquals(0, result.exitStatus(), result::toString);
      assertEquals(
          String.valueOf("fleet-value-0".length()),
          result.lookups().get("env-length:SECRET_0"),
          result::toString);
      assertEquals(
          String.valueOf("fleet-value-19".length()),
          result.lookups().get("env-length:SECRET_19"),
          result::toString);
    }
    assertEquals(AGENTS, throttle.clients(), "one token per process");
    assertTrue(
        throttle.throttled() > 0, "the throttle must have bitten for this to prove anything");
    assertEquals(List.of(), throttle.earlyRequests());
  }
}
