package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Endpoint;
import io.secretsagent.it.keyvault.Fault;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A Key Vault answer whose body stops after its first bytes, during refresh: the Azure SDK reads
 * Key Vault's bodies itself, and the agent gives its client a read time-out from the start-up
 * budget (ADR-019), so the stalled refresh fails and the next one serves the rotated value.
 */
class KeyVaultResponseFaultTest extends KeyVaultAgentFixture {

  /** Whether a refresh is held in the stalled body. */
  static boolean awaitStalled() {
    try {
      return server.faults().awaitHanging(1, Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void aBodyThatStallsAfterItsHeadersDuringRefreshIsAbandonedAndRefreshGoesOn() {
    AtomicBoolean stalled = new AtomicBoolean();
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env("SECRETS_STARTUP_TIMEOUT", "7s") // also the SDK's response and read time-outs
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    server
                        .faults()
                        .inject(
                            Endpoint.VAULT, "/secrets/db-password.*", Fault.headersThenStall(), 1);
                    stalled.set(awaitStalled());
                    server.secrets().set("db-password", "rotated-value");
                  }
                },
                "env",
                "DB_PASSWORD",
                "await-env",
                "DB_PASSWORD",
                "rotated-value");
    assertEquals(0, result.exitStatus(), result::toString);
    assertTrue(stalled.get(), "no refresh met the stalled body");
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertNoLeak(result.stderr());
  }
}
