package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.identity.WorkloadIdentityCredential;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code WorkloadIdentityCredential} (azure-identity, MSAL4J confidential client with a
 * client assertion) against the server's Entra ID stand-in, in-process: unlike managed identity, it
 * takes its settings from the builder and its HTTP client from {@code httpClient(...)}, so no child
 * JVM is needed.
 */
class WorkloadIdentityTest {

  @TempDir Path dir;

  private KeyVaultServer server;

  @BeforeEach
  void start() throws Exception {
    server = TestServers.start();
    server.secrets().set("db-password", "hunter2");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void federatedTokenIsExchangedForVaultToken() throws Exception {
    Map<String, String> env = server.workloadIdentityEnvironment(dir.resolve("token"), "wl-app");
    SecretClient client = SdkClients.secretClient(server, credential(env));

    assertEquals("hunter2", client.getSecret("db-password").getValue());

    assertEquals(
        1,
        server
            .requests()
            .count(
                e ->
                    e.endpoint() == Endpoint.AUTHORITY
                        && e.status() == 200
                        && e.path().equals("/" + server.tenantId() + "/oauth2/v2.0/token")));
  }

  @Test
  void tokenSpeaksForTheWorkloadClientId() throws Exception {
    server.access().restrict("wl-app", Set.of());
    SecretClient client =
        SdkClients.secretClient(
            server, credential(server.workloadIdentityEnvironment(dir.resolve("token"), "wl-app")));

    var e =
        assertThrows(
            com.azure.core.exception.HttpResponseException.class,
            () -> client.getSecret("db-password"));

    assertEquals(403, e.getResponse().getStatusCode());
    assertTrue(e.getMessage().contains("'appid=wl-app;"), e.getMessage());
  }

  @Test
  void wrongFederatedTokenIsRefused() throws Exception {
    Map<String, String> env = server.workloadIdentityEnvironment(dir.resolve("token"), "wl-app");
    Files.writeString(dir.resolve("token"), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.c2ln");
    SecretClient client = SdkClients.secretClientWithoutRetries(server, credential(env));

    // azure-identity 1.19 surfaces MSAL's refusal as a bare RuntimeException, not
    // ClientAuthenticationException
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> client.getSecret("db-password"));

    assertTrue(
        rootCause(failure).getMessage().startsWith("AADSTS700213"), rootCause(failure).toString());

    assertTrue(
        server.requests().count(e -> e.endpoint() == Endpoint.AUTHORITY && e.status() == 401) >= 1);
    assertEquals(
        0, server.requests().count(e -> e.endpoint() == Endpoint.VAULT && e.status() == 200));
  }

  private static Throwable rootCause(Throwable e) {
    return e.getCause() == null ? e : rootCause(e.getCause());
  }

  private WorkloadIdentityCredential credential(Map<String, String> env) {
    return new WorkloadIdentityCredentialBuilder()
        .authorityHost(env.get("AZURE_AUTHORITY_HOST"))
        .tenantId(env.get("AZURE_TENANT_ID"))
        .clientId(env.get("AZURE_CLIENT_ID"))
        .tokenFilePath(env.get("AZURE_FEDERATED_TOKEN_FILE"))
        .disableInstanceDiscovery()
        .httpClient(SdkClients.httpClient(server))
        .maxRetry(0)
        .build();
  }
}
