package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.it.keyvault.TestCertificate;
import io.secretsagent.testapp.LookupApp;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTPS clients never build the JVM-wide default TLS context (issue 12, item 9): that
 * context reads {@code javax.net.ssl.keyStore} with its password once, in premain, before a managed
 * {@code javax.net.ssl.keyStorePassword} is served, and caches the failure for the JVM's life.
 */
class JvmWideTlsTest extends KeyVaultAgentFixture {

  @Test
  void aKeyStorePasswordServedFromKeyVaultLetsTheAgentStart() {
    server.secrets().set("key-store-password", TestCertificate.PASSWORD);
    AgentJvm.Result result =
        agent(Jdk.CURRENT, "DB_PASSWORD")
            .jvmArg("-Djavax.net.ssl.keyStore=" + server.certificate().keyStore())
            .jvmArg("-Djavax.net.ssl.keyStoreType=PKCS12")
            .env("SECRETS_PROPERTIES", "javax.net.ssl.keyStorePassword=key-store-password")
            .run(LookupApp.class, "prop", "javax.net.ssl.keyStorePassword", "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        TestCertificate.PASSWORD,
        result.lookups().get("prop:javax.net.ssl.keyStorePassword"),
        result::toString);
    assertEquals(PASSWORD, result.lookups().get("env:DB_PASSWORD"));
    assertNoLeak(result.stderr());
  }
}
