package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code ManagedIdentityCredential} and {@code DefaultAzureCredential} (azure-identity,
 * MSAL4J) against the server, each in a child JVM configured only by environment and trust store,
 * as an App Service application is: MSAL reads {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}
 * from the real environment and caches tokens JVM-wide, so this cannot run in the test JVM.
 */
class ManagedIdentityChildJvmTest {

  private static final Path JDK_25 =
      Path.of(System.getProperty("jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));

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

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"test", "25"})
  void managedIdentityReadsRotatesAndReadsAgain(String jdk) throws Exception {
    Path javaHome = jdk.equals("test") ? Path.of(System.getProperty("java.home")) : JDK_25;
    assumeTrue(
        Files.isExecutable(javaHome.resolve("bin/java")),
        "JDK 25 not found at " + JDK_25 + "; set -Djdk25.home to run this case");

    List<String> lines =
        probe(
            javaHome,
            server.managedIdentityEnvironment(),
            "managed",
            "get:db-password",
            "set:db-password:rotated",
            "get:db-password");

    assertTrue(lines.get(0).startsWith("OK get:db-password hunter2 "), lines.toString());
    String newVersion = lines.get(1).split(" ")[3];
    assertEquals("OK get:db-password rotated " + newVersion, lines.get(2));
    assertEquals(
        1, server.requests().count(Endpoint.MANAGED_IDENTITY, "GET"), "MSAL caches the token");
  }

  @Test
  void defaultAzureCredentialFindsAppServiceIdentity() throws Exception {
    List<String> lines = probe(server.managedIdentityEnvironment(), "default", "get:db-password");

    assertTrue(lines.get(0).startsWith("OK get:db-password hunter2 "), lines.toString());
  }

  @Test
  void userAssignedIdentityIsSubjectToAccessPolicy() throws Exception {
    server.secrets().set("public", "p");
    server.access().restrict("app-b", Set.of("public"));

    List<String> lines =
        probe(
            server.managedIdentityEnvironment(), "managed:app-b", "get:public", "get:db-password");

    assertTrue(lines.get(0).startsWith("OK get:public p "), lines.toString());
    assertTrue(
        lines.get(1).startsWith("FAIL get:db-password 403 ")
            && lines.get(1).contains("'appid=app-b;"),
        lines.toString());
  }

  @Test
  void wrongIdentityHeaderIsRefusedByTokenEndpoint() throws Exception {
    Map<String, String> env = new HashMap<>(server.managedIdentityEnvironment());
    env.put("IDENTITY_HEADER", "not-the-header");

    List<String> lines = probe(env, "managed-no-retry", "get:db-password");

    assertTrue(
        lines.get(0).startsWith("FAIL get:db-password ClientAuthenticationException"),
        lines.toString());
    assertEquals(Set.of(401), identityStatuses());
  }

  /**
   * Uses no retries: with the SDK defaults a call takes ~30 s to fail (32 identity requests when
   * the endpoint drops connections). Even so MSAL retries a 503 itself: 4 requests over ~7.5 s.
   */
  @Test
  void tokenEndpointDownFailsWithoutReachingVaultData() throws Exception {
    server.faults().tokenEndpointDown(true);

    List<String> lines =
        probe(server.managedIdentityEnvironment(), "managed-no-retry", "get:db-password");

    assertTrue(lines.get(0).startsWith("FAIL get:db-password "), lines.toString());
    assertEquals(Set.of(503), identityStatuses());
    assertEquals(
        0, server.requests().count(e -> e.endpoint() == Endpoint.VAULT && e.status() == 200));
  }

  private Set<Integer> identityStatuses() {
    return server.requests().entries().stream()
        .filter(e -> e.endpoint() == Endpoint.MANAGED_IDENTITY)
        .map(RequestLog.Entry::status)
        .collect(Collectors.toSet());
  }

  private List<String> probe(Map<String, String> env, String credential, String... commands)
      throws Exception {
    return probe(Path.of(System.getProperty("java.home")), env, credential, commands);
  }

  private List<String> probe(
      Path javaHome, Map<String, String> env, String credential, String... commands)
      throws Exception {
    String[] args = new String[commands.length + 2];
    args[0] = credential;
    args[1] = server.vaultUrl();
    System.arraycopy(commands, 0, args, 2, commands.length);
    String output = ChildJvm.run(javaHome, env, server.childJvmOptions(), SecretProbe.class, args);
    List<String> results =
        output.lines().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).toList();
    assertEquals(commands.length, results.size(), "one result line per command:\n" + output);
    return results;
  }
}
