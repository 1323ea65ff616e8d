package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code SecretClient} (default pipeline: Key Vault challenge policy, retry policy)
 * against the server, in-process. Tokens come from the server's identity endpoint via {@link
 * IdentityEndpointCredential}.
 */
class SecretClientTest {

  private KeyVaultServer server;
  private IdentityEndpointCredential credential;
  private SecretClient client;

  @BeforeEach
  void start() throws Exception {
    server = TestServers.start();
    credential = new IdentityEndpointCredential(server, null);
    client = SdkClients.secretClient(server, credential);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void getsLatestAfterChallengeAndToken() {
    server.secrets().set("db-password", "old");
    SecretVersion latest = server.secrets().set("db-password", "hunter2");

    KeyVaultSecret secret = client.getSecret("db-password");

    assertEquals("hunter2", secret.getValue());
    assertEquals(latest.version(), secret.getProperties().getVersion());
    assertEquals(1, credential.requests());
    assertEquals(List.of(401, 200), statuses(Endpoint.VAULT), "challenge first, then the token");
  }

  @Test
  void getsOlderVersionById() {
    SecretVersion first = server.secrets().set("db-password", "v1");
    server.secrets().set("db-password", "v2");

    assertEquals("v1", client.getSecret("db-password", first.version()).getValue());
  }

  @Test
  void setCreatesNewVersionVisibleOnNextGet() {
    server.secrets().set("api-key", "v1");

    KeyVaultSecret written = client.setSecret("api-key", "v2");
    KeyVaultSecret read = client.getSecret("api-key");

    assertEquals("v2", read.getValue());
    assertEquals(written.getProperties().getVersion(), read.getProperties().getVersion());
    Set<String> versions =
        client.listPropertiesOfSecretVersions("api-key").stream()
            .map(SecretProperties::getVersion)
            .collect(Collectors.toSet());
    assertEquals(2, versions.size());
  }

  @Test
  void disabledSecretIsForbidden() {
    server.secrets().set("off", "v");
    SecretProperties properties = client.getSecret("off").getProperties();

    client.updateSecretProperties(properties.setEnabled(false));
    HttpResponseException e =
        assertThrows(HttpResponseException.class, () -> client.getSecret("off"));

    assertEquals(403, e.getResponse().getStatusCode());
    assertTrue(
        e.getMessage().contains("Operation get is not allowed on a disabled secret."),
        e.getMessage());
  }

  @Test
  void missingSecretIsNotFound() {
    ResourceNotFoundException e =
        assertThrows(ResourceNotFoundException.class, () -> client.getSecret("nope"));

    assertEquals(404, e.getResponse().getStatusCode());
    assertTrue(e.getMessage().contains("SecretNotFound"), e.getMessage());
  }

  @Test
  void retryAfterIsHonouredBySdkRetryPolicy() {
    server.secrets().set("s", "v");
    client.getSecret("s"); // settle the challenge, so the fault hits an authenticated GET
    server.requests().clear();
    server.faults().nextVaultRequests(1, Fault.throttled(Duration.ofSeconds(1)));

    long start = System.nanoTime();
    assertEquals("v", client.getSecret("s").getValue());
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(List.of(429, 200), statuses(Endpoint.VAULT));
    assertTrue(
        elapsedMillis >= 1000, "SDK retried after " + elapsedMillis + " ms, before Retry-After: 1");
  }

  @Test
  void persistentThrottlingExhaustsSdkRetries() {
    server.secrets().set("s", "v");
    client.getSecret("s");
    server.requests().clear();
    server
        .faults()
        .inject(
            Endpoint.VAULT,
            "/secrets/s/?",
            Fault.throttled(Duration.ofMillis(50)),
            FaultPlan.ALWAYS);

    HttpResponseException e =
        assertThrows(HttpResponseException.class, () -> client.getSecret("s"));

    assertEquals(429, e.getResponse().getStatusCode());
    assertEquals(
        List.of(429, 429, 429, 429),
        statuses(Endpoint.VAULT),
        "one try and three retries (SDK default)");
  }

  @Test
  void tokenNotIssuedByServerIsUnauthorized() {
    server.secrets().set("s", "v");
    SecretClient forged = SdkClients.secretClient(server, SdkClients.forgedCredential());

    HttpResponseException e =
        assertThrows(HttpResponseException.class, () -> forged.getSecret("s"));

    assertEquals(401, e.getResponse().getStatusCode());
  }

  @Test
  void identityWithoutPermissionIsForbidden() {
    server.secrets().set("payroll", "v");
    server.secrets().set("public", "p");
    server.access().restrict("app-a", Set.of("public"));
    SecretClient appA =
        SdkClients.secretClient(server, new IdentityEndpointCredential(server, "app-a"));

    HttpResponseException e =
        assertThrows(HttpResponseException.class, () -> appA.getSecret("payroll"));

    assertEquals(403, e.getResponse().getStatusCode());
    assertTrue(
        e.getMessage().contains("'appid=app-a;")
            && e.getMessage().contains("does not have secrets get" + " permission"),
        e.getMessage());
    assertEquals("p", appA.getSecret("public").getValue());
    assertEquals(
        "v", client.getSecret("payroll").getValue(), "the system identity is not restricted");
  }

  private List<Integer> statuses(Endpoint endpoint) {
    return server.requests().entries().stream()
        .filter(e -> e.endpoint() == endpoint)
        .map(RequestLog.Entry::status)
        .toList();
  }
}
