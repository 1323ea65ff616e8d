package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Endpoint;
import io.secretsagent.it.keyvault.Fault;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent jar in a child JVM, with the real Azure SDK and the real {@code DefaultAzureCredential}
 * obtaining its token from the test server's managed-identity endpoint.
 */
class KeyVaultAgentTest extends KeyVaultAgentFixture {

  /** The real SDK as an operator would use it, with a token the server issued. */
  static com.azure.security.keyvault.secrets.SecretClient operatorClient() {
    com.azure.core.credential.TokenCredential operator =
        request ->
            reactor.core.publisher.Mono.just(
                new com.azure.core.credential.AccessToken(
                    server.tokens().issue(server.systemIdentity()).token(),
                    java.time.OffsetDateTime.now().plusHours(1)));
    return new com.azure.security.keyvault.secrets.SecretClientBuilder()
        .vaultUrl(server.vaultUrl())
        .disableChallengeResourceVerification()
        .credential(operator)
        .httpClient(
            new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder(
                    java.net.http.HttpClient.newBuilder()
                        .sslContext(server.certificate().clientContext()))
                .build())
        .buildClient();
  }

  static void assertRefused(AgentJvm.Result result, Duration within, String... parts) {
    assertAll(
        () -> assertEquals(69, result.exitStatus(), result::toString),
        () -> assertEquals("", result.stdout(), "the application must not have run"),
        () -> assertFalse(result.stderr().contains(PASSWORD), result::toString),
        () -> assertTrue(result.wall().compareTo(within) < 0, "took " + result.wall()));
    for (String part : parts) {
      assertTrue(result.stderr().contains(part), () -> "expected '" + part + "' in\n" + result);
    }
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void servesSecretsFromKeyVaultWithManagedIdentity(Jdk jdk) {
    AgentJvm.Result result =
        agent(jdk, "DB_PASSWORD,DB_USERNAME=db-creds#username")
            .env("SECRETS_PROPERTIES", "spring.datasource.password=db-creds#password")
            .run(
                LookupApp.class,
                "env",
                "DB_PASSWORD",
                "env",
                "DB_USERNAME",
                "prop",
                "spring.datasource.password",
                "map-get",
                "DB_PASSWORD",
                "map-consistent");
    assertEquals(0, result.exitStatus(), result::toString);
    Map<String, String> seen = result.lookups();
    assertEquals(PASSWORD, seen.get("env:DB_PASSWORD"));
    assertEquals("app", seen.get("env:DB_USERNAME"));
    assertEquals(PASSWORD, seen.get("prop:spring.datasource.password"));
    assertEquals(PASSWORD, seen.get("map-get:DB_PASSWORD"));
    assertEquals("ok", seen.get("map-consistent:"));
    assertTrue(
        result.stderr().contains("3 of 3 managed keys served from Key Vault"), result::toString);
  }

  @Test
  void rotationIsServedAfterTheNextRefresh() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env("SECRETS_REFRESH_INTERVAL", "300ms")
            .run(
                LookupApp.class,
                line -> {
                  if (line.equals("waiting")) {
                    operatorClient()
                        .setSecret(
                            "db-password",
                            "rotated-value"); // a new version, set through the real SDK
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
        result.stderr().contains("secret 'db-password' rotated to version"), result::toString);
  }

  @Test
  void throttlingAtStartIsRetriedAfterRetryAfter() {
    server.faults().nextVaultRequests(2, Fault.throttled(Duration.ofSeconds(1)));
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD").run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(String.valueOf(PASSWORD.length()), result.lookups().get("env-length:DB_PASSWORD"));
    assertTrue(server.requests().count(Endpoint.VAULT, "GET") >= 3, "retried");
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void concurrentStartLetsMainRunWhileTheFirstLookupWaits(Jdk jdk) {
    server
        .faults()
        .inject(Endpoint.VAULT, "/secrets/db-password.*", Fault.delay(Duration.ofMillis(2500)), 1);
    AgentJvm.Result result =
        agent(jdk, "DB_PASSWORD")
            .env("SECRETS_STARTUP", "concurrent")
            .run(LookupApp.class, "uptime", "env-length", "DB_PASSWORD", "uptime");
    assertEquals(0, result.exitStatus(), result::toString);
    List<String> lines = result.stdout().lines().toList();
    long atMain = Long.parseLong(lines.get(0).replace("uptime:=", ""));
    long afterLookup = Long.parseLong(lines.get(2).replace("uptime:=", ""));
    assertTrue(atMain < 2500, "main() ran before the vault answered: " + result);
    assertTrue(afterLookup >= 2500, "the lookup waited for the value: " + result);
    assertEquals(String.valueOf(PASSWORD.length()), result.lookups().get("env-length:DB_PASSWORD"));
  }

  @Test
  void concurrentStartFailureStillEndsTheJvmWith69() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD,MISSING")
            .env("SECRETS_STARTUP", "concurrent")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(result.stderr().contains("MISSING -> secret 'missing'"), result::toString);
    assertFalse(
        result.stdout().contains("env-length"),
        "the lookup never answered with a wrong value: " + result);
  }

  @Test
  void checkCommandPrintsVersionsNeverValues() {
    List<String> command = new ArrayList<>(List.of(Jdk.CURRENT.java().toString()));
    command.addAll(server.childJvmOptions());
    command.addAll(List.of("-jar", AgentJvm.agentJar().toString(), "check"));
    AgentJvm.Result ok =
        agent(Jdk.CURRENT, "DB_PASSWORD,DB_USERNAME=db-creds#username").exec(command, null);
    assertEquals(0, ok.exitStatus(), ok::toString);
    String version = server.secrets().latest("db-password").orElseThrow().version();
    assertTrue(
        ok.stdout().contains(version) && ok.stdout().contains("db-creds#username"), ok::toString);
    assertFalse(ok.stdout().contains(PASSWORD) || ok.stderr().contains(PASSWORD), ok::toString);

    AgentJvm.Result missing = agent(Jdk.CURRENT, "DB_PASSWORD,MISSING").exec(command, null);
    assertEquals(69, missing.exitStatus(), missing::toString);
    assertTrue(
        missing.stdout().contains("FAILED secret 'missing' does not exist"), missing::toString);

    AgentJvm.Result invalid = agent(Jdk.CURRENT, "BAD=a b").exec(command, null);
    assertEquals(78, invalid.exitStatus(), invalid::toString);
  }

  @Test
  void appServiceReferencesAreResolvedWithoutBeingListed() {
    server.secrets().set("jwt-secret-key", "jwt-from-reference");
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env(
                "JWT_SECRET_KEY",
                "@Microsoft.KeyVault(SecretUri=" + server.vaultUrl() + "/secrets/jwt-secret-key/)")
            .env("BROKEN", "@Microsoft.KeyVault(VaultName=only-a-vault)")
            .jvmArg(
                "-Dapi.key=@Microsoft.KeyVault(SecretUri="
                    + server.vaultUrl()
                    + "/secrets/db-password)")
            .run(
                LookupApp.class,
                "env",
                "JWT_SECRET_KEY",
                "env",
                "BROKEN",
                "env-length",
                "DB_PASSWORD",
                "prop",
                "api.key");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("jwt-from-reference", result.lookups().get("env:JWT_SECRET_KEY"));
    assertEquals(
        "@Microsoft.KeyVault(VaultName=only-a-vault)",
        result.lookups().get("env:BROKEN"),
        "malformed: left alone");
    assertEquals(PASSWORD, result.lookups().get("prop:api.key"));
    assertTrue(
        result
            .stderr()
            .contains("WARN BROKEN is left as it is: malformed App Service Key Vault reference"),
        result::toString);
  }

  @Test
  void aReferenceToAMissingSecretIsRequiredLikeAListedKey() {
    assertRefused(
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env(
                "API_KEY",
                "@Microsoft.KeyVault(SecretUri=" + server.vaultUrl() + "/secrets/absent/)")
            .run(LookupApp.class),
        Duration.ofSeconds(15),
        "API_KEY -> secret '" + server.vaultUrl() + "/secrets/absent'");
  }

  @Test
  void anApplicationWithItsOwnAzureSdkRunsBesideTheAgents() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .classPath(System.getProperty("java.class.path"))
            .run(OwnSdkApp.class, server.vaultUrl());
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("true", result.lookups().get("same:"), result::toString);
    assertEquals(
        "true",
        result.lookups().get("sdk-loader:"),
        "the app's SDK is its own, from its class path");
  }

  @Test
  void workloadIdentityAsOnAks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    AgentJvm jvm =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "vault")
            .env("AZURE_KEYVAULT_URL", server.vaultUrl())
            .env("SECRETS_AZURE_VERIFY_CHALLENGE_RESOURCE", "false")
            .env("SECRETS_AZURE_INSTANCE_DISCOVERY", "false")
            .env("SECRETS_KEYS", "DB_PASSWORD");
    server
        .workloadIdentityEnvironment(dir.resolve("token"), "5c0f2b1e-7a1d-4f0e-9a52-1d2c3b4a5f60")
        .forEach(jvm::env);
    server.childJvmOptions().forEach(jvm::jvmArg);
    AgentJvm.Result result = jvm.run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(String.valueOf(PASSWORD.length()), result.lookups().get("env-length:DB_PASSWORD"));
  }

  @Test
  void tokenCredentialsProdNarrowsTheChainToProductionCredentials() {
    AgentJvm prod =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env("AZURE_TOKEN_CREDENTIALS", "prod")
            .env("IDENTITY_ENDPOINT", "")
            .env("IDENTITY_HEADER", "");
    assertRefused(
        prod.run(LookupApp.class),
        Duration.ofSeconds(15),
        "EnvironmentCredential",
        "WorkloadIdentityCredential",
        "ManagedIdentityCredential");
    assertFalse(
        prod.run(LookupApp.class).stderr().contains("AzureCliCredential"),
        "developer credentials are not tried");

    AgentJvm.Result withIdentity =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .env("AZURE_TOKEN_CREDENTIALS", "prod")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(0, withIdentity.exitStatus(), withIdentity::toString);
  }

  @Test
  void missingVaultUrlIsAConfigurationError() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD").env("AZURE_KEYVAULT_URL", "").run(LookupApp.class);
    assertEquals(78, result.exitStatus(), result::toString);
    assertTrue(
        result.stderr().contains("the azure_keyvault backend needs AZURE_KEYVAULT_URL"),
        result::toString);
  }
}
