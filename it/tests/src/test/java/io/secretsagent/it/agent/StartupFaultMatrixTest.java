package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Endpoint;
import io.secretsagent.it.keyvault.Fault;
import io.secretsagent.it.keyvault.FaultPlan;
import io.secretsagent.it.keyvault.KeyVaultServer;
import io.secretsagent.it.keyvault.SecretChange;
import io.secretsagent.testapp.LookupApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every start-up fault of the fault matrix (docs/reliability.md), against the Key Vault-compatible
 * server: the agent refuses to start with status 69 within {@code SECRETS_STARTUP_TIMEOUT} + 1 s
 * (the child JVM's whole wall time), naming every key and the fix, at log level debug (stack traces
 * included) and never printing a secret value or a bearer token; or, with {@code
 * SECRETS_FAIL_FAST=false}, starts with warnings within the same time. Measured times go to {@code
 * target/fault-matrix.txt}.
 */
class StartupFaultMatrixTest extends KeyVaultAgentFixture {

  static final Duration BUDGET = Duration.ofSeconds(5);
  static final Duration LIMIT = BUDGET.plusSeconds(1);
  static final Path TIMES = Path.of("target", "fault-matrix.txt");

  /**
   * One start-up fault.
   *
   * @param name its row in the table
   * @param keys {@code SECRETS_KEYS}
   * @param fault what to do to the server (or nothing)
   * @param jvm what to change in the child JVM's settings
   * @param expected parts of the message
   */
  record Case(
      String name,
      String keys,
      Consumer<KeyVaultServer> fault,
      UnaryOperator<AgentJvm> jvm,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String KEY = "DB_PASSWORD -> secret 'db-password'";

  static Case fault(String name, Consumer<KeyVaultServer> fault, String... expected) {
    return new Case(name, "DB_PASSWORD", fault, UnaryOperator.identity(), withKey(expected));
  }

  static Case setting(String name, UnaryOperator<AgentJvm> jvm, String... expected) {
    return new Case(name, "DB_PASSWORD", s -> {}, jvm, withKey(expected));
  }

  static List<String> withKey(String... expected) {
    return Stream.concat(Stream.of(KEY), Stream.of(expected)).toList();
  }

  static Stream<Case> failures() {
    long hourAgo = Instant.now().minusSeconds(3600).getEpochSecond();
    long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();
    return Stream.of(
        setting(
            "vault DNS failure",
            jvm -> jvm.env("AZURE_KEYVAULT_URL", "https://no-such-vault.invalid"),
            "https://no-such-vault.invalid is unreachable: its host name does not resolve (DNS)",
            "AZURE_KEYVAULT_URL"),
        setting(
            "connection refused",
            jvm -> jvm.env("AZURE_KEYVAULT_URL", "https://127.0.0.1:9"),
            "https://127.0.0.1:9 is unreachable",
            "firewall"),
        setting(
            "TLS: untrusted certificate",
            UnaryOperator.identity(),
            "TLS failed",
            "javax.net.ssl.trustStore"),
        fault(
            "token endpoint down",
            s -> s.faults().tokenEndpointDown(true),
            "cannot serve secrets",
            "ManagedIdentityCredential (IDENTITY_ENDPOINT"),
        fault(
            "token rejected (401)",
            s ->
                s.faults()
                    .inject(Endpoint.VAULT, "/secrets/.*", Fault.status(401), FaultPlan.ALWAYS),
            "rejected the agent's token (401)",
            "tenant"),
        fault(
            "access denied (403)",
            s -> s.access().forbid("db-password"),
            "is denied (403)",
            "Key Vault Secrets User"),
        new Case(
            "secrets missing",
            "DB_PASSWORD,API_KEY,OTHER=nope",
            s -> {},
            UnaryOperator.identity(),
            List.of(
                "2 of 3 managed keys could not be resolved",
                "API_KEY -> secret 'api-key': secret 'api-key' does not exist",
                "OTHER -> secret 'nope'",
                "az keyvault secret set")),
        fault(
            "secret disabled",
            s -> s.secrets().set("db-password", SecretChange.value(PASSWORD).withEnabled(false)),
            "is disabled",
            "--enabled true"),
        fault(
            "secret expired",
            s ->
                s.secrets()
                    .set("db-password", SecretChange.value(PASSWORD).withValidity(null, hourAgo)),
            "expired at",
            "set a new version"),
        fault(
            "secret not yet valid",
            s ->
                s.secrets()
                    .set("db-password", SecretChange.value(PASSWORD).withValidity(inAnHour, null)),
            "is not valid before",
            "move its activation date"),
        fault(
            "vault slower than the budget",
            s ->
                s.faults()
                    .inject(
                        Endpoint.VAULT,
                        "/secrets/.*",
                        Fault.delay(Duration.ofSeconds(7)),
                        FaultPlan.ALWAYS),
            "no answer from Key Vault",
            "within the start-up budget (SECRETS_STARTUP_TIMEOUT)",
            "raise SECRETS_STARTUP_TIMEOUT"),
        fault(
            "vault hanging",
            s -> s.faults().inject(Endpoint.VAULT, "/secrets/.*", Fault.hang(), FaultPlan.ALWAYS),
            "no answer from Key Vault",
            "within the start-up budget (SECRETS_STARTUP_TIMEOUT)",
            "raise SECRETS_STARTUP_TIMEOUT"),
        fault(
            "429 storm, Retry-After beyond the budget",
            s ->
                s.faults()
                    .nextVaultRequests(FaultPlan.ALWAYS, Fault.throttled(Duration.ofSeconds(30))),
            "is throttling requests (429, Retry-After 30 s)",
            "SECRETS_STARTUP_TIMEOUT"));
  }

  /** A representative subset: what the network, the vault's answers and its speed can do. */
  static Stream<Case> warnings() {
    return failures()
        .filter(
            c ->
                List.of(
                        "connection refused",
                        "access denied (403)",
                        "secrets missing",
                        "vault hanging",
                        "429 storm, Retry-After beyond the budget")
                    .contains(c.name()));
  }

  @BeforeAll
  static void startTable() throws IOException {
    Files.createDirectories(TIMES.getParent());
    Files.writeString(TIMES, "case | SECRETS_FAIL_FAST | exit status | child JVM wall time (ms)\n");
  }

  static AgentJvm.Result run(Case c, boolean failFast, String... lookups) {
    c.fault().accept(server);
    AgentJvm jvm =
        (c.name().startsWith("TLS")
                ? untrustingAgent(Jdk.CURRENT, c.keys())
                : agent(Jdk.CURRENT, c.keys()))
            .env("SECRETS_STARTUP_TIMEOUT", BUDGET.toSeconds() + "s")
            .env("SECRETS_LOG_LEVEL", "debug")
            .env("SECRETS_FAIL_FAST", String.valueOf(failFast));
    AgentJvm.Result result = c.jvm().apply(jvm).run(LookupApp.class, lookups);
    record(c, failFast, result);
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refusesToStartWithinTheBudgetNamingTheKeysAndTheFix(Case c) {
    AgentJvm.Result result = run(c, true);
    assertAll(
        () -> assertEquals(69, result.exitStatus(), result::toString),
        () -> assertEquals("", result.stdout(), "the application must not have run"),
        () ->
            assertTrue(
                result.wall().compareTo(LIMIT) < 0,
                "took " + result.wall().toMillis() + " ms\n" + result),
        () -> assertNoLeak(result.stdout() + result.stderr()));
    assertNamed(c, result);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warnings")
  void failFastFalseStartsWithWarningsWithinTheBudget(Case c) {
    String[] keys = c.keys().split(",");
    String unresolved = keys[keys.length - 1].replaceAll("=.*", "");
    AgentJvm.Result result = run(c, false, "env", unresolved);
    assertAll(
        () -> assertEquals(0, result.exitStatus(), result::toString),
        () ->
            assertEquals(
                "null",
                result.lookups().get("env:" + unresolved),
                "the JDK's own value: " + result),
        () ->
            assertTrue(
                result.wall().compareTo(LIMIT) < 0,
                "took " + result.wall().toMillis() + " ms\n" + result),
        () -> assertTrue(result.stderr().contains("WARN"), result::toString),
        () -> assertNoLeak(result.stdout() + result.stderr()));
    assertNamed(c, result);
  }

  /** The keys, the cause and the fix. */
  static void assertNamed(Case c, AgentJvm.Result result) {
    for (String part : c.expected()) {
      assertTrue(result.stderr().contains(part), () -> "expected '" + part + "' in\n" + result);
    }
  }

  private static void record(Case c, boolean failFast, AgentJvm.Result result) {
    try {
      Files.writeString(
          TIMES,
          c.name()
              + " | "
              + failFast
              + " | "
              + result.exitStatus()
              + " | "
              + result.wall().toMillis()
              + "\n",
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
