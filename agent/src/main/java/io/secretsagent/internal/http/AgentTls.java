package io.secretsagent.internal.http;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the agent's own clients. Never the JVM-wide default: {@code
 * SSLContext.getDefault()} reads {@code javax.net.ssl.keyStore} and its password once and caches
 * the outcome for the JVM's life, and the agent runs in premain, before it serves managed system
 * properties such as {@code javax.net.ssl.keyStorePassword}. So the agent builds its own context
 * from trust settings only, with no key managers (it presents no client certificate).
 */
public final class AgentTls {

  private AgentTls() {}

  /**
   * Trusts what the JVM trusts by default: {@code javax.net.ssl.trustStore} (with its type and
   * password) when set, else the runtime's {@code cacerts}.
   *
   * @throws GeneralSecurityException when the trust store cannot be loaded
   */
  public static SSLContext defaultTrust() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /**
   * Trusts exactly {@code certificates} (a private CA's, e.g. {@code VAULT_CACERT}).
   *
   * @throws GeneralSecurityException when there is none, or they cannot be used
   */
  public static SSLContext trusting(Collection<? extends Certificate> certificates)
      throws GeneralSecurityException {
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate");
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trust.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      trust.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
