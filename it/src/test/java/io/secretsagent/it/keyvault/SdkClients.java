package io.secretsagent.it.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.net.http.HttpClient;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/** Builds the real {@link SecretClient} against a {@link KeyVaultServer}, in-process. */
final class SdkClients {

    private SdkClients() {
    }

    /**
     * @return a client with the SDK's default pipeline (challenge policy, retry policy), trusting the
     *         server's certificate through the JDK HttpClient
     */
    static SecretClient secretClient(KeyVaultServer server, TokenCredential credential) {
        return new SecretClientBuilder()
                .vaultUrl(server.vaultUrl())
                .disableChallengeResourceVerification()
                .credential(credential)
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder()
                        .sslContext(server.certificate().clientContext())).build())
                .buildClient();
    }

    /** @return a credential handing out a token the server never issued */
    static TokenCredential forgedCredential() {
        return request -> Mono.just(new AccessToken("kvtest.forged", OffsetDateTime.now().plusHours(1)));
    }
}
