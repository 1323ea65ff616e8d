package io.secretsagent.it.keyvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts servers for tests. They share one certificate per test JVM, because running keytool costs
 * about a second per server.
 */
final class TestServers {

  private static final Path SHARED_STATE = createSharedState();

  private TestServers() {}

  /**
   * @return a builder whose certificate is shared with the other servers of this JVM
   */
  static KeyVaultServer.Builder builder() {
    return KeyVaultServer.builder().stateDirectory(SHARED_STATE);
  }

  static KeyVaultServer start() throws IOException {
    return builder().start();
  }

  private static Path createSharedState() {
    try {
      Path dir = Files.createTempDirectory("keyvault-it");
      TestCertificate certificate = TestCertificate.inDirectory(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(certificate::delete));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
