package io.secretsagent.it.keyvault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for {@code localhost} and {@code 127.0.0.1}, made at test time with
 * the JDK's own {@code keytool} (EC P-256, valid for 7 days).
 *
 * <p>Three files are kept in one directory: {@code server.p12} (key pair, for the server), {@code
 * truststore.p12} (the certificate only, for clients: {@code -Djavax.net.ssl.trustStore=...
 * -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=}{@value #PASSWORD}) and
 * {@code server.pem} (the certificate, for {@code curl --cacert}). If the directory already holds
 * them they are reused, so a restarted demo server keeps the certificate its clients trust.
 *
 * <p>Both stores use the well-known password {@value #PASSWORD}: they protect nothing but a test
 * key.
 */
public final class TestCertificate {

  /** Password of both PKCS12 stores. */
  public static final String PASSWORD = "changeit";

  private static final String ALIAS = "keyvault-test";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path keyStore;
  private final Path trustStore;
  private final Path pem;

  private TestCertificate(Path directory) {
    this.keyStore = directory.resolve("server.p12");
    this.trustStore = directory.resolve("truststore.p12");
    this.pem = directory.resolve("server.pem");
  }

  /**
   * Loads the certificate kept in {@code directory}, or generates one there.
   *
   * @param directory where the stores live; created if absent
   * @return the certificate
   * @throws IOException if keytool fails or the files cannot be written
   */
  public static TestCertificate inDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    TestCertificate certificate = new TestCertificate(directory);
    if (!Files.exists(certificate.keyStore) || !Files.exists(certificate.trustStore)) {
      certificate.generate();
    }
    return certificate;
  }

  /**
   * @return the PKCS12 key store holding the server's key pair
   */
  public Path keyStore() {
    return keyStore;
  }

  /**
   * @return the PKCS12 trust store holding only the certificate, for {@code
   *     javax.net.ssl.trustStore}
   */
  public Path trustStore() {
    return trustStore;
  }

  /**
   * @return the certificate in PEM form, for tools such as {@code curl --cacert}
   */
  public Path pem() {
    return pem;
  }

  /**
   * @return the JVM options that make a child JVM trust this certificate (and nothing else)
   */
  public List<String> trustStoreOptions() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + trustStore,
        "-Djavax.net.ssl.trustStoreType=PKCS12",
        "-Djavax.net.ssl.trustStorePassword=" + PASSWORD);
  }

  /**
   * @return a TLS context that presents this certificate, for the server
   */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keyStore), PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Cannot build a server TLS context from "
              + keyStore
              + "; delete the directory to regenerate the certificate",
          e);
    }
  }

  /**
   * @return a TLS context that trusts only this certificate, for in-process clients
   */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a client TLS context from " + trustStore, e);
    }
  }

  /** Deletes the three files and, if then empty, their directory; best effort. */
  public void delete() {
    try {
      for (Path file : List.of(keyStore, trustStore, pem, keyStore.resolveSibling("server.env"))) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(keyStore.getParent());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private void generate() throws IOException {
    Files.deleteIfExists(keyStore);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-validity",
                "7",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(
            keytool + " could not generate a certificate in " + keyStore + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for " + keytool, e);
    }
    writeTrustFiles();
  }

  private void writeTrustFiles() throws IOException {
    try {
      Certificate certificate = load(keyStore).getCertificate(ALIAS);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, certificate);
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trust.store(out, PASSWORD.toCharArray());
      }
      String base64 =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded());
      Files.writeString(
          pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot write the trust store " + trustStore, e);
    }
  }

  private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }
}
