package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.Endpoint;
import io.secretsagent.it.keyvault.Fault;
import io.secretsagent.it.keyvault.KeyVaultServer;
import io.secretsagent.it.proxy.ConnectProxy;
import io.secretsagent.testapp.LookupApp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Key Vault backend in the settings real hosts have: an egress proxy, and virtual threads
 * waiting in a concurrent start.
 */
class KeyVaultCompatibilityTest {

  static final String PASSWORD = "kv-compat-pw-61e0f2";
  static KeyVaultServer server;
  static ConnectProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    server = KeyVaultServer.builder().start();
    server.secrets().set("db-password", PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void freshProxy() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    proxy = ConnectProxy.start();
    server.faults().clear();
  }

  /**
   * The vault as {@code https://localhost:<port>}, so that it can be proxied while the
   * managed-identity endpoint on 127.0.0.1 is not (as {@code NO_PROXY} exempts the identity
   * endpoint in real pods).
   */
  static AgentJvm agent(Jdk jdk) {
    AgentJvm jvm = AgentJvm.on(jdk);
    server.agentEnvironment().forEach(jvm::env);
    jvm.env("AZURE_KEYVAULT_URL", server.vaultUrl().replace("127.0.0.1", "localhost"))
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env(
            "SECRETS_STARTUP_TIMEOUT",
            "10s"); // generous: the tunnels add round trips on a busy CI machine
    server.childJvmOptions().forEach(jvm::jvmArg);
    return jvm;
  }

  static String vaultAuthority() {
    URI vault = URI.create(server.vaultUrl());
    return "localhost:" + vault.getPort();
  }

  static void assertServed(AgentJvm.Result result) {
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        String.valueOf(PASSWORD.length()),
        result.lookups().get("env-length:DB_PASSWORD"),
        result::toString);
  }

  @Test
  void httpsProxyIsUsedForTheVault() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT)
            .env("HTTPS_PROXY", proxy.url())
            .env("NO_PROXY", "127.0.0.1")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertServed(result);
    assertFalse(proxy.tunnels().isEmpty(), "no request went through the proxy");
    proxy.tunnels().forEach(tunnel -> assertEquals(vaultAuthority(), tunnel.target()));
    assertEquals(
        List.of(),
        proxy.refused(),
        "plain-HTTP requests (the identity endpoint) are never proxied");
  }

  @Test
  void noProxyHostsBypassTheProxy() {
    AgentJvm.Result result =
        agent(Jdk.CURRENT)
            .env("HTTPS_PROXY", proxy.url())
            .env("NO_PROXY", "127.0.0.1,.example.com,localhost")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertServed(result);
    assertEquals(List.of(), proxy.tunnels());
  }

  @Test
  void theJvmsProxyPropertiesAreHonouredToo() {
    AgentJvm.Result through =
        agent(Jdk.CURRENT)
            .jvmArg("-Dhttps.proxyHost=127.0.0.1")
            .jvmArg("-Dhttps.proxyPort=" + proxy.port())
            .jvmArg("-Dhttp.nonProxyHosts=127.0.0.1")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertServed(through);
    int tunnels = proxy.tunnels().size();
    assertTrue(tunnels > 0, "no request went through the proxy");
    AgentJvm.Result bypassed =
        agent(Jdk.CURRENT)
            .jvmArg("-Dhttps.proxyHost=127.0.0.1")
            .jvmArg("-Dhttps.proxyPort=" + proxy.port())
            .jvmArg("-Dhttp.nonProxyHosts=127.0.0.1|local*")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertServed(bypassed);
    assertEquals(tunnels, proxy.tunnels().size(), "http.nonProxyHosts exempts the vault");
  }

  @Test
  void proxyCredentialsAreNeverShown() {
    proxy.close(); // nobody listens: the vault is unreachable through it
    AgentJvm.Result result =
        agent(Jdk.CURRENT)
            .env("HTTPS_PROXY", "http://svc-egress:pr0xy-pa55@127.0.0.1:" + proxy.port())
            .env("NO_PROXY", "127.0.0.1")
            .env("SECRETS_LOG_LEVEL", "debug")
            .env("SECRETS_STARTUP_TIMEOUT", "5s")
            .run(LookupApp.class, "env-length", "DB_PASSWORD");
    assertEquals(69, result.exitStatus(), result::toString);
    assertTrue(
        result.stderr().contains("proxy settings (HTTPS_PROXY, NO_PROXY)"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains(
                "DEBUG Key Vault requests go through the proxy 127.0.0.1:"
                    + proxy.port()
                    + " (HTTPS_PROXY)"),
        result::toString);
    assertFalse(
        result.stderr().contains("pr0xy-pa55") || result.stdout().contains("pr0xy-pa55"),
        result::toString);
  }

  @Test
  void aThousandVirtualThreadsWaitForAConcurrentStart() {
    Duration slow = Duration.ofMillis(1500);
    server.faults().inject(Endpoint.VAULT, "/secrets/db-password.*", Fault.delay(slow), 1);
    AgentJvm.Result result =
        agent(Jdk.JDK25)
            .env("SECRETS_STARTUP", "concurrent")
            .jvmArg("-Djdk.virtualThreadScheduler.parallelism=1")
            .jvmArg("-Djdk.virtualThreadScheduler.maxPoolSize=1")
            .run(VirtualThreadsApp.class, "DB_PASSWORD", "1000");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("1000/1000", result.lookups().get("served:DB_PASSWORD"), result::toString);
    long waited = Long.parseLong(result.lookups().get("waited-ms:DB_PASSWORD"));
    assertTrue(
        waited >= slow.toMillis() / 2,
        "the lookups started before the secret was resolved, and waited: " + waited + " ms");
    assertFalse(result.stdout().contains(PASSWORD) || result.stderr().contains(PASSWORD));
  }
}
