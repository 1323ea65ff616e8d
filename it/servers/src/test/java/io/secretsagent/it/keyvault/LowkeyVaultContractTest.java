package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.nagyesta.lowkeyvault.testcontainers.LowkeyVaultContainer;
import com.github.nagyesta.lowkeyvault.testcontainers.LowkeyVaultContainerBuilder;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;

/**
 * The {@link KeyVaultRestContract} against Lowkey Vault (a third-party Key Vault emulator) in
 * Docker, so the contract itself is checked against an independent implementation. Skipped,
 * visibly, where Docker is absent.
 *
 * <p>Not yet run anywhere: this machine has no Docker engine, and lowkey-vault-testcontainers
 * 7.1.13 is built against Testcontainers 2.0.3 while the parent pins 1.21.3. Lowkey Vault accepts
 * any bearer token.
 */
class LowkeyVaultContractTest extends KeyVaultRestContract {

  /** Image tag: the lowkey-vault-testcontainers version, as its documentation pairs them. */
  private static final String IMAGE = "nagyesta/lowkey-vault:7.1.13";

  private static LowkeyVaultContainer vault;
  private static WireClient http;

  @BeforeAll
  static void start() throws Exception {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return; // each test is then skipped by requireDocker(), so the report shows them skipped
    }
    vault = LowkeyVaultContainerBuilder.lowkeyVault(IMAGE).vaultNames(Set.of("default")).build();
    vault.start();
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(vault.getDefaultKeyStore());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    http = new WireClient(vault.getDefaultVaultBaseUrl().replaceAll("/$", ""), context);
  }

  @BeforeEach
  void requireDocker() {
    assumeTrue(
        vault != null,
        "Docker is not available: the Lowkey Vault variant of the Key Vault contract is skipped");
  }

  @AfterAll
  static void stop() {
    if (vault != null) {
      vault.stop();
    }
  }

  @Override
  WireClient http() {
    return http;
  }

  @Override
  String token() {
    return "lowkey-vault-accepts-any-token";
  }
}
