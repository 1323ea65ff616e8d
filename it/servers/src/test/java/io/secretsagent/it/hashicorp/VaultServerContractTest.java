package io.secretsagent.it.hashicorp;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link VaultApiContract} against the test server, over HTTPS. */
class VaultServerContractTest extends VaultApiContract {

  private static VaultServer vault;
  private static String root;

  @BeforeAll
  static void start() throws Exception {
    vault = VaultServer.start(true);
    root = vault.rootToken();
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  @Override
  String address() {
    return vault.address();
  }

  @Override
  SSLContext ssl() {
    return vault.certificate().clientContext();
  }

  @Override
  String rootToken() {
    return root;
  }

  @Override
  void mountKv1(String path) {
    vault.kv().mount(path, 1);
  }

  @Override
  String tokenFor(String pathPrefix, int ttlSeconds) {
    String policy = unique("policy");
    vault.tokens().policy(policy, pathPrefix);
    return vault
        .tokens()
        .issue(new VaultTokens.Grant(List.of(policy), Duration.ofSeconds(ttlSeconds), true))
        .id();
  }

  @Override
  String[] appRole(int ttlSeconds) {
    String[] role = {unique("role"), unique("secret")};
    vault
        .tokens()
        .appRole(
            role[0],
            role[1],
            new VaultTokens.Grant(List.of("default"), Duration.ofSeconds(ttlSeconds), true));
    return role;
  }
}
