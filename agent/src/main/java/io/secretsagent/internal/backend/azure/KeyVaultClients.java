package io.secretsagent.internal.backend.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.secretsagent.internal.http.AgentTls;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.internal.http.JdkHttpClientCloser;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import java.lang.reflect.Field;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The Azure SDK clients, built with an explicit configuration so that the application's own Azure
 * settings never reach them: HTTP logging off whatever {@code AZURE_HTTP_LOG_DETAIL_LEVEL} says
 * (and SDK logging silenced by the bundled SLF4J binding, whatever {@code AZURE_LOG_LEVEL} says),
 * timeouts from the start-up budget, no SDK retries (the agent retries, within its budget,
 * honouring {@code Retry-After}). The proxy is the agent's own choice ({@link HttpsProxy}), never
 * the SDK's global configuration, and so is the TLS context ({@link AgentTls}), never the JVM-wide
 * default. The SDK reads bodies itself: its response and read timeouts bound a stalled answer, the
 * start-up budget bounds the whole of start-up (ADR-019).
 */
final class KeyVaultClients implements AutoCloseable {

  private static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);

  private final ExecutorService executor;
  private final HttpClient http;
  private final HttpLogOptions noLogging =
      new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
  private final boolean verifyChallengeResource;
  private final TokenCredential credential;
  private final Map<URI, SecretClient> secrets = new ConcurrentHashMap<>();

  /**
   * @param instanceDiscovery false for authorities MSAL cannot discover (private clouds, a local
   *     token endpoint)
   * @param proxy null for direct connections
   */
  KeyVaultClients(
      URI vault,
      boolean verifyChallengeResource,
      boolean instanceDiscovery,
      Duration budget,
      HttpsProxy proxy)
      throws BackendException {
    Duration requestTime = budget.compareTo(MAX_REQUEST_TIME) < 0 ? budget : MAX_REQUEST_TIME;
    // daemon threads: a short-lived JVM never waits for the HTTP client at exit
    executor = Executors.newCachedThreadPool(AgentThreads.named("secrets-agent-http-"));
    this.verifyChallengeResource = verifyChallengeResource;
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder().sslContext(tls());
    if (proxy != null) {
      proxy.applyTo(jdk, "Key Vault");
    }
    http =
        new JdkHttpClientBuilder(jdk)
            .configuration(
                Configuration.NONE) // no proxy or timeouts from the SDK's global configuration
            .executor(executor)
            .connectionTimeout(requestTime)
            .responseTimeout(requestTime)
            .readTimeout(requestTime)
            .writeTimeout(requestTime)
            .build();
    DefaultAzureCredentialBuilder credentials =
        new DefaultAzureCredentialBuilder()
            .httpClient(http)
            .httpLogOptions(noLogging)
            .maxRetry(0)
            .executorService(executor);
    if (!instanceDiscovery) {
      credentials.disableInstanceDiscovery();
    }
    credential = credentials.build();
    secrets(vault);
  }

  /** The agent's own TLS context: the JVM-wide default would read the key store in premain. */
  private static SSLContext tls() throws BackendException {
    try {
      return AgentTls.defaultTrust();
    } catch (GeneralSecurityException e) {
      throw new BackendException(
          BackendException.Kind.INVALID,
          "the JVM's trust store (javax.net.ssl.trustStore, else cacerts) cannot be loaded ("
              + e.getClass().getSimpleName()
              + "); fix javax.net.ssl.trustStore and its password");
    }
  }

  TokenCredential credential() {
    return credential;
  }

  /** The client of one vault; App Service references may name vaults other than the default. */
  SecretClient secrets(URI vault) {
    return secrets.computeIfAbsent(
        vault,
        v -> {
          SecretClientBuilder builder =
              new SecretClientBuilder()
                  .vaultUrl(v.toString())
                  .credential(credential)
                  .httpClient(http)
                  .httpLogOptions(noLogging)
                  .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)));
          if (!verifyChallengeResource) {
            builder.disableChallengeResourceVerification();
          }
          return builder.buildClient();
        });
  }

  /** The token scope of the vault's cloud: public, China, US Government, or a local server. */
  static String scope(URI vault) {
    String host = vault.getHost();
    for (String cloud :
        new String[] {"vault.azure.cn", "vault.usgovcloudapi.net", "vault.microsoftazure.de"}) {
      if (host.endsWith("." + cloud)) {
        return "https://" + cloud + "/.default";
      }
    }
    return "https://vault.azure.net/.default";
  }

  /**
   * Stops the HTTP client's selector thread. Left running, it sits in a native {@code epoll_wait}
   * that the JVM waits out at exit (about 330 ms measured on JDK 17); see {@link
   * JdkHttpClientCloser}.
   */
  @Override
  public void close() {
    try {
      Field jdk = http.getClass().getDeclaredField("jdkHttpClient");
      jdk.setAccessible(true);
      JdkHttpClientCloser.shutdown((java.net.http.HttpClient) jdk.get(http));
    } catch (ReflectiveOperationException | RuntimeException e) {
      Log.debug(
          "could not find the JDK HTTP client inside azure-core's; the JVM may wait for it at exit: "
              + e.getClass().getName());
    }
    executor.shutdownNow();
  }
}
