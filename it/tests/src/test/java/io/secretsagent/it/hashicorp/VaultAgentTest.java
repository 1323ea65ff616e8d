package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.proxy.ConnectProxy;
import io.secretsagent.testapp.LookupApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent jar in a child JVM with {@code SECRETS_BACKEND=hashicorp_vault}, against the
 * Vault-compatible {@link VaultServer} over HTTPS: values, rotation, pinned versions, KV v1, every
 * auth method, token renewal and re-login, the error classes with their exit status and message,
 * and an outage during refresh.
 */
class VaultAgentTest {

  static final String PASSWORD = "vault-pw-5c1e9a77";
  static final String JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXBwIn0.c2lnbmF0dXJl";
  static final String SECRET_ID = "5f0c6a1e-secret-id-0d2b";
  static VaultServer vault;
  @TempDir Path dir;
  String token;
  ScheduledExecutorService timer;

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
    vault.kv().put("secret", "myapp/db", Map.of("username", "app", "password", PASSWORD));
    vault.tokens().policy("app", "secret/data/db-password", "secret/data/myapp/", "kv1/");
    token = vault.tokens().issue(grant(Duration.ofHours(1), true)).id();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  static VaultTokens.Grant grant(Duration ttl, boolean renewable) {
    return new VaultTokens.Grant(List.of("app"), ttl, renewable);
  }

  AgentJvm agent(Jdk jdk, String keys) {
    return AgentJvm.on(jdk)
        .env("SECRETS_BACKEND", "hashicorp_vault")
        .env("VAULT_ADDR", vault.address())
        .env("VAULT_CACERT", vault.certificate().pem().toString())
        .env("VAULT_TOKEN", token)
        .env("SECRETS_KEYS", keys)
        .env("SECRETS_STARTUP_TIMEOUT", "5s");
  }

  AgentJvm agent(String keys) {
    return agent(Jdk.CURRENT, keys);
  }

  /** Runs {@code action} on the test's timer once {@code condition} holds (polled every 50 ms). */
  void when(BooleanSupplier condition, Runnable action) {
    timer.schedule(
        () -> {
          if (condition.getAsBoolean()) {
            action.run();
          } else {
            when(condition, action);
          }
        },
        50,
        TimeUnit.MILLISECONDS);
  }

  static void assertRefused(AgentJvm.Result result, int status, String... parts) {
    assertAll(
        () -> assertEquals(status, result.exitStatus(), result::toString),
        () -> assertEquals("", result.stdout(), "the application must not have run"),
        () -> assertFalse(result.stderr().contains(PASSWORD), result::toString),
        () ->
            assertTrue(
                result.wall().compareTo(Duration.ofSeconds(15)) < 0, "took " + result.wall()));
    for (String part : parts) {
      assertTrue(result.stderr().contains(part), () -> "expected '" + part + "' in\n" + result);
    }
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void servesKvV2FieldsAsEnvironmentVariablesAndSystemProperties(Jdk jdk) {
    AgentJvm.Result result =
        agent(jdk, "DB_PASSWORD,DB_USERNAME=myapp/db#username")
            .env("SECRETS_PROPERTIES", "spring.datasource.password=myapp/db#password")
            .run(
                LookupApp.class,
                "env",
                "DB_PASSWORD",
                "env",
                "DB_USERNAME",
                "prop",
                "spring.datasource.password",
                "map-get",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    Map<String, String> seen = result.lookups();
    assertEquals(
        PASSWORD, seen.get("env:DB_PASSWORD"), "default path db-password, default field value");
    assertEquals("app", seen.get("env:DB_USERNAME"));
    assertEquals(PASSWORD, seen.get("prop:spring.datasource.password"));
    assertEquals(PASSWORD, seen.get("map-get:DB_PASSWORD"));
    assertTrue(
        result.stderr().contains("3 of 3 managed keys served from Vault " + vault.address()),
        result::toString);
    assertEquals(
        1, vault.count("GET /v1/secret/data/myapp/db"), "two keys of one secret: one read");
  }

  /** The same proxy settings as the Key Vault backend (see {@code KeyVaultCompatibilityTest}). */
  @Test
  void httpsProxyIsUsedForVault() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.start()) {
      AgentJvm.Result result =
          agent("DB_PASSWORD")
              .env("HTTPS_PROXY", proxy.url())
              .run(LookupApp.class, "env", "DB_PASSWORD");
      assertEquals(0, result.exitStatus(), result::toString);
      assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
      assertFalse(proxy.tunnels().isEmpty(), "no request went through the proxy");
      String vaultAuthority = URI.create(vault.address()).getAuthority();
      proxy.tunnels().forEach(tunnel -> assertEquals(vaultAuthority, tunnel.target()));
    }
  }

  @Test
  void newKvV2VersionIsServedAfterTheNextRefresh() {
    AgentJvm.Result result =
        agent("DB_PASSWORD=myapp/db#password")
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    vault
                        .kv()
                        .put(
                            "secret",
                            "myapp/db",
                            Map.of("username", "app", "password", "rotated-value"));
                  }
                },
                "env-length",
                "DB_PASSWORD",
                "await-env",
                "DB_PASSWORD",
                "rotated-value");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertTrue(
        result.stderr().contains("secret 'myapp/db' rotated to version 2"), result::toString);
  }

  @Test
  void pinnedVersionIsServedAndNotRefreshed() {
    vault.kv().put("secret", "myapp/db", Map.of("username", "app", "password", "second"));
    AgentJvm.Result result =
        agent("OLD=myapp/db@1#password,NEW=myapp/db#password")
            .env("SECRETS_REFRESH_INTERVAL", "200ms")
            .run(LookupApp.class, "env", "OLD", "env", "NEW");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:OLD"));
    assertEquals("second", result.lookups().get("env:NEW"));
  }

  @Test
  void kvVersion1MountWithPrefix() {
    vault.kv().mount("kv1", 1);
    vault.kv().put("kv1", "team/app/api-key", Map.of("value", "v1-api-key", "other", "x"));
    AgentJvm.Result result =
        agent("API_KEY")
            .env("SECRETS_VAULT_KV_MOUNT", "kv1")
            .env("SECRETS_VAULT_KV_VERSION", "1")
            .env("SECRETS_VAULT_PATH_PREFIX", "team/app")
            .run(LookupApp.class, "env", "API_KEY");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("v1-api-key", result.lookups().get("env:API_KEY"));
  }

  @Test
  void tokenFromAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("vault-token"), token + "\n");
    AgentJvm.Result result =
        agent("DB_PASSWORD")
            .env("VAULT_TOKEN", "")
            .env("SECRETS_VAULT_TOKEN_FILE", file.toString())
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
  }

  @Test
  void kubernetesLoginWithTheServiceAccountToken() throws Exception {
    vault.tokens().kubernetesRole("app", JWT, grant(Duration.ofHours(1), true));
    Path jwt = Files.writeString(dir.resolve("token"), JWT);
    AgentJvm.Result result =
        agent("DB_PASSWORD")
            .env("VAULT_TOKEN", "")
            .env("SECRETS_VAULT_AUTH", "kubernetes")
            .env("SECRETS_VAULT_KUBERNETES_ROLE", "app")
            .env("SECRETS_VAULT_KUBERNETES_JWT_FILE", jwt.toString())
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
    assertEquals(1, vault.tokens().logins(), "one login, shared by the probe and the reads");
  }

  @Test
  void appRoleLogin() throws Exception {
    AgentJvm.Result result =
        appRole(grant(Duration.ofHours(1), true)).run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
    assertEquals(1, vault.tokens().logins());
  }

  AgentJvm appRole(VaultTokens.Grant grant) throws Exception {
    vault.tokens().appRole("role-1234", SECRET_ID, grant);
    Path secretId = Files.writeString(dir.resolve("secret-id"), SECRET_ID);
    return agent("DB_PASSWORD")
        .env("VAULT_TOKEN", "")
        .env("SECRETS_VAULT_AUTH", "approle")
        .env("SECRETS_VAULT_APPROLE_ROLE_ID", "role-1234")
        .env("SECRETS_VAULT_APPROLE_SECRET_ID_FILE", secretId.toString());
  }

  @Test
  void tokenIsRenewedBeforeItExpires() throws Exception {
    AgentJvm.Result result =
        appRole(grant(Duration.ofSeconds(3), true))
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .env("SECRETS_LOG_LEVEL", "debug")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    // past the first token's 3 s TTL: reads succeed only with the renewed token
                    when(
                        () -> vault.tokens().renewals() >= 2,
                        () ->
                            vault
                                .kv()
                                .put("secret", "db-password", Map.of("value", "after-renewals")));
                  }
                },
                "await-env",
                "DB_PASSWORD",
                "after-renewals");
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertEquals(1, vault.tokens().logins(), "renewed, never logged in again");
    assertTrue(vault.tokens().renewals() >= 2);
    assertNoCredentialIn(result);
  }

  @Test
  void refusedRenewalLogsInAgain() throws Exception {
    vault.tokens().refuseRenewals(true);
    AgentJvm.Result result =
        appRole(grant(Duration.ofSeconds(3), true))
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    when(
                        () -> vault.tokens().logins() >= 3,
                        () ->
                            vault
                                .kv()
                                .put("secret", "db-password", Map.of("value", "after-relogin")));
                  }
                },
                "await-env",
                "DB_PASSWORD",
                "after-relogin");
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertEquals(0, vault.tokens().renewals());
    assertTrue(
        result
            .stderr()
            .contains("refused to renew the token (403); logging in again with approle auth"),
        result::toString);
    assertFalse(result.stderr().contains("refreshing secret"), "no read failed: " + result);
  }

  @Test
  void noTokenSecretIdOrValueIsLoggedAtDebugLevel() throws Exception {
    vault.tokens().kubernetesRole("app", JWT, grant(Duration.ofSeconds(3), true));
    Path jwt = Files.writeString(dir.resolve("token"), JWT);
    AgentJvm.Result kubernetes =
        agent("DB_PASSWORD,USER=myapp/db#username")
            .env("VAULT_TOKEN", "")
            .env("SECRETS_VAULT_AUTH", "kubernetes")
            .env("SECRETS_VAULT_KUBERNETES_ROLE", "app")
            .env("SECRETS_VAULT_KUBERNETES_JWT_FILE", jwt.toString())
            .env("SECRETS_LOG_LEVEL", "debug")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(0, kubernetes.exitStatus(), kubernetes::toString);
    assertNoCredentialIn(kubernetes);
    AgentJvm.Result denied =
        agent("DB_PASSWORD,OTHER=other/path")
            .env("SECRETS_LOG_LEVEL", "debug")
            .run(LookupApp.class);
    assertEquals(69, denied.exitStatus(), denied::toString);
    assertNoCredentialIn(denied);
  }

  void assertNoCredentialIn(AgentJvm.Result result) {
    String output = result.stdout() + result.stderr();
    assertFalse(
        output.contains(PASSWORD) || output.contains(JWT) || output.contains(SECRET_ID),
        result::toString);
    for (String id : vault.tokens().issued()) {
      assertFalse(output.contains(id), "token leaked: " + result);
    }
  }

  @Test
  void sealedVaultIs69() {
    vault.seal(true);
    assertRefused(
        agent("DB_PASSWORD").run(LookupApp.class), 69, "is sealed (503)", "vault operator unseal");
  }

  @Test
  void permissionDeniedNamesTheCapabilityAndPath() {
    assertRefused(
        agent("DB_PASSWORD,OTHER=other/path#key").run(LookupApp.class),
        69,
        "1 of 2 managed keys could not be resolved",
        "OTHER -> secret 'other/path#key': permission denied reading secret 'secret/other/path'",
        "grant the token's policy the read capability on secret/data/other/path");
  }

  /**
   * A token Vault still accepts was denied by policy: logging in again would only pile up tokens.
   */
  @Test
  void aPolicyDenialDoesNotLogInAgain() throws Exception {
    int before = vault.count("POST /v1/auth/approle/login");
    AgentJvm.Result result =
        appRole(grant(Duration.ofHours(1), true))
            .env("SECRETS_KEYS", "DB_PASSWORD,OTHER=other/path#key")
            .run(LookupApp.class);
    assertRefused(result, 69, "permission denied reading secret 'secret/other/path'");
    assertEquals(1, vault.count("POST /v1/auth/approle/login") - before, "one login: " + result);
  }

  @Test
  void missingPathAndFieldAreNamed() {
    assertRefused(
        agent("DB_PASSWORD,GONE=myapp/gone,NOPE=myapp/db#nope").run(LookupApp.class),
        69,
        "2 of 3 managed keys could not be resolved",
        "secret 'secret/myapp/gone' does not exist",
        "vault kv put -mount=secret myapp/gone",
        "has no field 'nope' (its fields: ",
        "username");
  }

  @Test
  void kvV2ReadOfAVersion1MountSaysWhatToSet() {
    vault.kv().mount("kv1", 1);
    vault.kv().put("kv1", "db-password", Map.of("value", PASSWORD));
    assertRefused(
        agent("DB_PASSWORD").env("SECRETS_VAULT_KV_MOUNT", "kv1").run(LookupApp.class),
        69,
        "mount 'kv1'",
        "is a KV version 1 secrets engine",
        "set SECRETS_VAULT_KV_VERSION=1");
  }

  @Test
  void kvV1ReadOfAVersion2MountSaysWhatToSet() {
    vault.tokens().policy("app", "secret/");
    assertRefused(
        agent("DB_PASSWORD").env("SECRETS_VAULT_KV_VERSION", "1").run(LookupApp.class),
        69,
        "set SECRETS_VAULT_KV_VERSION=2");
  }

  @Test
  void refusedTokenAndLoginAreAuthenticationErrors() throws Exception {
    assertRefused(
        agent("DB_PASSWORD").env("VAULT_TOKEN", "hvs.not-a-token").run(LookupApp.class),
        69,
        "refused the token from VAULT_TOKEN (403: permission denied)");
    vault.tokens().appRole("role-1234", "another-secret-id", grant(Duration.ofHours(1), true));
    Path secretId = Files.writeString(dir.resolve("secret-id"), SECRET_ID);
    AgentJvm.Result result =
        agent("DB_PASSWORD")
            .env("VAULT_TOKEN", "")
            .env("SECRETS_VAULT_AUTH", "approle")
            .env("SECRETS_VAULT_APPROLE_ROLE_ID", "role-1234")
            .env("SECRETS_VAULT_APPROLE_SECRET_ID_FILE", secretId.toString())
            .run(LookupApp.class);
    assertRefused(result, 69, "refused the login with approle auth", "invalid role or secret ID");
    assertNoCredentialIn(result);
  }

  @Test
  void namespaceHeaderIsSent() {
    vault.requireNamespace("team-a");
    AgentJvm.Result ok =
        agent("DB_PASSWORD")
            .env("VAULT_NAMESPACE", "team-a")
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, ok.exitStatus(), ok::toString);
    assertEquals(PASSWORD, ok.lookups().get("env:DB_PASSWORD"));
    assertRefused(agent("DB_PASSWORD").run(LookupApp.class), 69, "refused the token");
  }

  @Test
  void unreachableUntrustedAndUnknownVaultsAreNamedWithinTheBudget() {
    assertRefused(
        agent("DB_PASSWORD")
            .env("VAULT_ADDR", "https://127.0.0.1:9")
            .env("SECRETS_STARTUP_TIMEOUT", "3s")
            .run(LookupApp.class),
        69,
        "Vault https://127.0.0.1:9 cannot serve secrets: it is unreachable: the connection was"
            + " refused"); // the address once, not twice
    assertRefused(
        agent("DB_PASSWORD")
            .env("VAULT_ADDR", "https://no-such-vault.invalid:8200")
            .env("SECRETS_STARTUP_TIMEOUT", "3s")
            .run(LookupApp.class),
        69,
        "its host name does not resolve (DNS)");
    assertRefused(
        agent("DB_PASSWORD")
            .env("VAULT_CACERT", "")
            .env("SECRETS_STARTUP_TIMEOUT", "3s")
            .run(LookupApp.class),
        69,
        "TLS failed",
        "set VAULT_CACERT");
  }

  @Test
  void configurationErrorsAre78() {
    assertRefused(
        agent("DB=myapp/db@latest#password").run(LookupApp.class),
        78,
        "DB: 'myapp/db@latest' is not a Vault secret reference; write DB=<path>[@<version>][#<field>]");
    assertRefused(
        agent("DB_PASSWORD").env("VAULT_ADDR", "").run(LookupApp.class),
        78,
        "the hashicorp_vault backend needs VAULT_ADDR");
    assertRefused(
        agent("DB_PASSWORD").env("VAULT_TOKEN", "").run(LookupApp.class),
        78,
        "needs a token: set VAULT_TOKEN or SECRETS_VAULT_TOKEN_FILE");
    assertRefused(
        agent("DB_PASSWORD").env("SECRETS_VAULT_AUTH", "kubernetes").run(LookupApp.class),
        78,
        "SECRETS_VAULT_AUTH=kubernetes needs SECRETS_VAULT_KUBERNETES_ROLE");
  }

  @Test
  void vaultDownDuringRefreshKeepsTheLastValueLogsOnceAndRecovers() {
    AgentJvm.Result result =
        agent("DB_PASSWORD")
            .env("SECRETS_REFRESH_INTERVAL", "200ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    vault.down(true);
                    vault.kv().put("secret", "db-password", Map.of("value", "after-outage"));
                    timer.schedule(() -> vault.down(false), 2, TimeUnit.SECONDS);
                  }
                },
                "env-length",
                "DB_PASSWORD",
                "await-env",
                "DB_PASSWORD",
                "after-outage");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
    assertEquals(String.valueOf(PASSWORD.length()), result.lookups().get("env-length:DB_PASSWORD"));
    assertEquals(
        1,
        result.stderr().split("refreshing secret 'db-password' failed", -1).length - 1,
        "one warning per outage:\n" + result);
    assertTrue(result.stderr().contains("is unreachable"), result::toString);
    assertTrue(
        result.stderr().contains("is served from Vault " + vault.address() + " again after"),
        result::toString);
  }

  @Test
  void checkCommandPrintsKvVersionsNeverValues() {
    vault.kv().put("secret", "myapp/db", Map.of("username", "app", "password", PASSWORD));
    List<String> command =
        List.of(Jdk.CURRENT.java().toString(), "-jar", AgentJvm.agentJar().toString(), "check");
    AgentJvm.Result ok = agent("DB_USERNAME=myapp/db#username").exec(command, null);
    assertEquals(0, ok.exitStatus(), ok::toString);
    assertTrue(
        ok.stdout().matches("(?s).*DB_USERNAME\\s+myapp/db#username\\s+2\\s+ok.*"), ok::toString);
    assertFalse(
        ok.stdout().contains(PASSWORD)
            || ok.stderr().contains(PASSWORD)
            || ok.stdout().contains(token),
        ok::toString);
  }
}
