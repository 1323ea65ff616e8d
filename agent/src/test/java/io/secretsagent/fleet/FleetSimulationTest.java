package io.secretsagent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.RefreshPolicy;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * 1,000 agents with 20 secrets each restart together against one vault throttled like Key Vault
 * (4,000 GET per 10 s, then 429 with Retry-After). Each agent is the real {@link SecretStore}
 * start-up (retries, backoff, jitter, the Retry-After gate of {@link RefreshPolicy}) on the
 * discrete-event clock of {@link FakeScheduler}; requests take no time, and pods start spread over
 * one second.
 */
class FleetSimulationTest {

  static final int AGENTS = 1_000;
  static final int SECRETS = 20;
  static final Duration START_SPREAD = Duration.ofSeconds(1);
  static final long SEED = Long.getLong("fleet.seed", 20261124L);

  /** How the agents decide their delays. */
  enum Variant {
    AGENT("agent (jitter, backoff, Retry-After)"),
    NO_JITTER("no jitter"),
    NO_RETRY_AFTER("Retry-After not honoured");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  record Outcome(
      Variant variant,
      Duration budget,
      int started,
      long requests,
      long throttled,
      long early,
      double p50,
      double lastStart) {
    String row() {
      return String.format(
          "| %s | %d s | %d | %d | %d | %d | %.1f s | %.1f s |",
          variant.label, budget.toSeconds(), started, requests, throttled, early, p50, lastStart);
    }
  }

  static Outcome simulate(Variant variant, Duration budget) {
    FakeScheduler clock = new FakeScheduler();
    ThrottledVault vault =
        new ThrottledVault(clock, 4_000, Duration.ofSeconds(10), variant != Variant.NO_RETRY_AFTER);
    SplittableRandom seeds = new SplittableRandom(SEED);
    List<Double> startTimes = new ArrayList<>();
    for (int agent = 0; agent < AGENTS; agent++) {
      int id = agent;
      RandomGenerator random =
          variant == Variant.NO_JITTER ? () -> 0x8000_0000_0000_0000L : seeds.split();
      SecretStore store =
          new SecretStore(
              backend(vault, id),
              keys(),
              new RefreshPolicy(Duration.ofMinutes(5), Duration.ofSeconds(1), random),
              clock,
              Runnable::run);
      clock.schedule(
          () ->
              store
                  .resolve(budget)
                  .thenAccept(
                      failed -> {
                        if (failed.isEmpty()) {
                          startTimes.add(clock.nanoTime() / 1e9);
                        }
                      }),
          Duration.ofNanos((long) (seeds.nextDouble() * START_SPREAD.toNanos())));
    }
    clock.advance(budget.plus(START_SPREAD).plusSeconds(1));
    double[] sorted = startTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Outcome(
        variant,
        budget,
        sorted.length,
        vault.requests,
        vault.throttled,
        vault.early,
        sorted.length == 0 ? 0 : sorted[sorted.length / 2],
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }

  static SecretsBackend backend(ThrottledVault vault, int id) {
    return new SecretsBackend() {
      @Override
      public Secret fetch(SecretRef ref) throws BackendException {
        return vault.get(id, ref.name());
      }

      @Override
      public String describe() {
        return "simulated vault";
      }
    };
  }

  static List<ManagedKey> keys() {
    List<ManagedKey> keys = new ArrayList<>();
    for (int i = 0; i < SECRETS; i++) {
      keys.add(
          new ManagedKey(
              KeySpec.Kind.ENVIRONMENT, "SECRET_" + i, new SecretRef("secret-" + i, null), null));
    }
    return keys;
  }

  @Test
  void everyAgentStartsWithinAMinuteAndNoneAsksWhileToldToWait() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      for (long seconds : new long[] {10, 30, 60, 120}) {
        outcomes.add(simulate(variant, Duration.ofSeconds(seconds)));
      }
    }
    System.out.println(
        "fleet simulation, seed "
            + SEED
            + " (-Dfleet.seed=N to replay): "
            + AGENTS
            + " agents x "
            + SECRETS
            + " secrets, 4,000 GET / 10 s\n| policy | budget | started | requests | 429s | early | median start | last start |\n"
            + "|---|---|---|---|---|---|---|---|\n"
            + String.join("\n", outcomes.stream().map(Outcome::row).toList()));

    Outcome minute = find(outcomes, Variant.AGENT, 60);
    assertEquals(AGENTS, minute.started(), "every agent starts within 60 s: " + minute);
    for (Outcome o : outcomes) {
      assertTrue(o.started() <= AGENTS, o.toString());
      if (o.variant() != Variant.NO_RETRY_AFTER) {
        assertEquals(0, o.early(), "no request while told to wait: " + o);
      }
    }
    Outcome ignoring = find(outcomes, Variant.NO_RETRY_AFTER, 60);
    assertTrue(
        ignoring.early() > 0, "the counter sees a client that ignores Retry-After: " + ignoring);
    assertTrue(
        find(outcomes, Variant.AGENT, 10).started() <= 4_000 / SECRETS, "the throttle holds");
  }

  static Outcome find(List<Outcome> outcomes, Variant variant, long seconds) {
    return outcomes.stream()
        .filter(o -> o.variant() == variant && o.budget().toSeconds() == seconds)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    variant + " " + seconds + " " + Arrays.toString(outcomes.toArray())));
  }
}
