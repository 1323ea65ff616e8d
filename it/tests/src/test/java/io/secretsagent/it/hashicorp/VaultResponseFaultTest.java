package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.it.hashicorp.VaultServer.BodyFault;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Broken answers from Vault (issue 12, items 4 and 5): a body that stalls after the headers, an
 * endless body, a huge body. Each fails its one request within the exchange's deadline and the 64
 * KiB bound; the application's heap and premain are never at risk, and refresh carries on.
 */
class VaultResponseFaultTest {

  static final String PASSWORD = "vault-pw-7d3f10b2";
  static final String READS = "/v1/secret/data/";
  static VaultServer vault;
  String token;

  @BeforeAll
  static void start() throws Exception {
    vault = VaultServer.start(true);
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  @BeforeEach
  void seed() {
    vault.reset();
    vault.kv().put("secret", "db-password", Map.of("value", PASSWORD));
    token =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("root"), Duration.ofHours(1), true))
            .id();
  }

  /** A small heap: an unbounded body would exhaust it within a second. */
  AgentJvm agent() {
    return AgentJvm.current()
        .jvmArg("-Xmx64m")
        .env("SECRETS_BACKEND", "hashicorp_vault")
        .env("VAULT_ADDR", vault.address())
        .env("VAULT_CACERT", vault.certificate().pem().toString())
        .env("VAULT_TOKEN", token)
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env("SECRETS_STARTUP_TIMEOUT", "3s");
  }

  @ParameterizedTest
  @CsvSource({"ENDLESS_BODY, true", "ENDLESS_BODY, false", "HUGE_BODY, true", "HUGE_BODY, false"})
  void anEndlessOrHugeBodyAtStartUpFailsThatRequestNeverTheJvm(BodyFault fault, boolean failFast) {
    vault.bodyFault(fault, READS);
    AgentJvm.Result result =
        agent()
            .env("SECRETS_FAIL_FAST", String.valueOf(failFast))
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertFalse(result.stderr().contains("-javaagent"), result::toString);
    assertFalse(result.stderr().contains("OutOfMemoryError"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains(
                "Vault "
                    + vault.address()
                    + " answered with a body larger than 64 KiB, more than any secret can be"),
        result::toString);
    if (failFast) {
      assertEquals(69, result.exitStatus(), result::toString);
      assertEquals("", result.stdout(), "the application must not have run");
    } else {
      assertEquals(0, result.exitStatus(), result::toString);
      assertEquals("null", result.lookups().get("env:DB_PASSWORD"), result::toString);
    }
  }

  @Test
  void aBodyThatStallsAfterItsHeadersDuringRefreshIsAbandonedAndRefreshGoesOn() {
    AgentJvm.Result result =
        agent()
            .env("SECRETS_STARTUP_TIMEOUT", "4s") // also each exchange's deadline
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    afterFaultedReads(BodyFault.HEADERS_THEN_STALL, 1);
                  }
                },
                "env",
                "DB_PASSWORD",
                "await-env",
                "DB_PASSWORD",
                "rotated-value");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
  }

  @Test
  void anEndlessBodyDuringRefreshLeavesTheApplicationsHeapAloneAndRefreshGoesOn() {
    AgentJvm.Result result =
        agent()
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    afterFaultedReads(BodyFault.ENDLESS_BODY, 2);
                  }
                },
                "await-env",
                "DB_PASSWORD",
                "rotated-value");
    assertEquals(0, result.exitStatus(), result::toString);
    assertFalse(result.stderr().contains("OutOfMemoryError"), result::toString);
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
  }

  /**
   * On another thread: answers reads with {@code fault} until {@code reads} of them were made (or
   * 10 s passed), then writes a new version and answers normally again.
   */
  static void afterFaultedReads(BodyFault fault, int reads) {
    Thread faults =
        new Thread(
            () -> {
              int before = vault.count("GET /v1/secret/data/db-password");
              vault.bodyFault(fault, READS);
              long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              while (vault.count("GET /v1/secret/data/db-password") < before + reads
                  && System.nanoTime() < deadline) {
                pause();
              }
              vault.kv().put("secret", "db-password", Map.of("value", "rotated-value"));
              vault.bodyFault(BodyFault.NONE, READS);
            });
    faults.setDaemon(true);
    faults.start();
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
