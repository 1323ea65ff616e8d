package io.secretsagent.it.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/** Builds the real {@link SecretClient} against a {@link KeyVaultServer}, in-process. */
final class SdkClients {

  private SdkClients() {}

  /**
   * @return a client with the SDK's default pipeline (challenge policy, retry policy), trusting the
   *     server's certificate through the JDK HttpClient
   */
  static SecretClient secretClient(KeyVaultServer server, TokenCredential credential) {
    return builder(server, credential).buildClient();
  }

  /**
   * @return a client like {@link #secretClient} but with the retry policy off, for failures
   *     expected fast
   */
  static SecretClient secretClientWithoutRetries(
      KeyVaultServer server, TokenCredential credential) {
    return builder(server, credential)
        .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
        .buildClient();
  }

  private static SecretClientBuilder builder(KeyVaultServer server, TokenCredential credential) {
    return new SecretClientBuilder()
        .vaultUrl(server.vaultUrl())
        .disableChallengeResourceVerification()
        .credential(credential)
        .httpClient(httpClient(server));
  }

  /**
   * @return an azure-core HTTP client (JDK HttpClient) that trusts the server's certificate
   */
  static com.azure.core.http.HttpClient httpClient(KeyVaultServer server) {
    return new JdkHttpClientBuilder(
            HttpClient.newBuilder().sslContext(server.certificate().clientContext()))
        .build();
  }

  /**
   * @return a credential handing out a token the server never issued
   */
  static TokenCredential forgedCredential() {
    return request ->
        Mono.just(new AccessToken("kvtest.forged", OffsetDateTime.now().plusHours(1)));
  }
}
