package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

/**
 * The {@link VaultApiContract} against real Vault in dev mode (Testcontainers' Vault module), so
 * the test server's answers are checked against the real thing. Skipped, visibly, where Docker is
 * absent: not yet run on this machine, which has no Docker engine.
 */
class RealVaultContractTest extends VaultApiContract {

  private static final String IMAGE = "hashicorp/vault:1.20";
  private static final String ROOT = "contract-root-token";

  private static VaultContainer<?> vault;

  @BeforeAll
  static void start() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return; // each test is then skipped by requireDocker(), so the report shows them skipped
    }
    vault = new VaultContainer<>(IMAGE).withVaultToken(ROOT);
    vault.start();
  }

  @BeforeEach
  void requireDocker() {
    assumeTrue(
        vault != null,
        "Docker is not available: the real-Vault variant of the Vault API contract is skipped");
  }

  @AfterAll
  static void stop() {
    if (vault != null) {
      vault.stop();
    }
  }

  @Override
  String address() {
    return vault.getHttpHostAddress();
  }

  @Override
  SSLContext ssl() {
    return null;
  }

  @Override
  String rootToken() {
    return ROOT;
  }

  @Override
  void mountKv1(String path) {
    sys("POST", "sys/mounts/" + path, Map.of("type", "kv", "options", Map.of("version", "1")));
  }

  @Override
  String tokenFor(String pathPrefix, int ttlSeconds) {
    String policy = unique("policy");
    sys(
        "PUT",
        "sys/policies/acl/" + policy,
        Map.of(
            "policy",
            "path \"" + pathPrefix + "*\" { capabilities = [\"create\", \"read\", \"update\"] }"));
    Answer created =
        sys(
            "POST",
            "auth/token/create",
            Map.of("policies", java.util.List.of(policy), "ttl", ttlSeconds + "s"));
    return (String) created.object("auth").get("client_token");
  }

  @Override
  String[] appRole(int ttlSeconds) {
    sys("POST", "sys/auth/approle", Map.of("type", "approle"));
    String name = unique("role");
    sys(
        "POST",
        "auth/approle/role/" + name,
        Map.of("token_policies", "default", "token_ttl", ttlSeconds + "s"));
    String roleId =
        (String)
            sys("GET", "auth/approle/role/" + name + "/role-id", null)
                .object("data")
                .get("role_id");
    String secretId =
        (String)
            sys("POST", "auth/approle/role/" + name + "/secret-id", Map.of())
                .object("data")
                .get("secret_id");
    return new String[] {roleId, secretId};
  }

  private Answer sys(String method, String path, Map<String, Object> body) {
    try {
      return call(method, path, ROOT, body);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }
}
