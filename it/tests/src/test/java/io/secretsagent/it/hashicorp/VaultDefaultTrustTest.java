package io.secretsagent.it.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.it.keyvault.TestCertificate;
import io.secretsagent.testapp.LookupApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without {@code VAULT_CACERT} the agent trusts what the JVM trusts ({@code
 * javax.net.ssl.trustStore}), in a TLS context of its own (issue 12, item 9): the JVM-wide default
 * context would read {@code javax.net.ssl.keyStore} in premain, before a managed {@code
 * javax.net.ssl.keyStorePassword} is served, and cache the failure.
 */
class VaultDefaultTrustTest {

  static VaultServer vault;

  @BeforeAll
  static void start() throws Exception {
    vault = VaultServer.start(true);
    vault.kv().put("secret", "key-store-password", Map.of("value", TestCertificate.PASSWORD));
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  @Test
  void aKeyStorePasswordServedFromVaultLetsTheAgentStart() {
    String token =
        vault
            .tokens()
            .issue(new VaultTokens.Grant(List.of("root"), Duration.ofHours(1), true))
            .id();
    AgentJvm jvm =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "hashicorp_vault")
            .env("VAULT_ADDR", vault.address())
            .env("VAULT_TOKEN", token)
            .env("SECRETS_PROPERTIES", "javax.net.ssl.keyStorePassword=key-store-password")
            .env("SECRETS_STARTUP_TIMEOUT", "5s")
            .jvmArg("-Djavax.net.ssl.keyStore=" + vault.certificate().keyStore())
            .jvmArg("-Djavax.net.ssl.keyStoreType=PKCS12");
    vault.certificate().trustStoreOptions().forEach(jvm::jvmArg);
    AgentJvm.Result result = jvm.run(LookupApp.class, "prop", "javax.net.ssl.keyStorePassword");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        TestCertificate.PASSWORD,
        result.lookups().get("prop:javax.net.ssl.keyStorePassword"),
        result::toString);
  }
}
