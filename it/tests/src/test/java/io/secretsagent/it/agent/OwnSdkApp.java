package io.secretsagent.it.agent;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

/**
 * An application that carries its own Azure SDK (and so its own Jackson, Reactor, azure-core) and
 * reads a secret through it, while the agent serves the same secret through getenv.
 */
public final class OwnSdkApp {

  public static void main(String[] args) {
    SecretClient client =
        new SecretClientBuilder()
            .vaultUrl(args[0])
            .credential(new ManagedIdentityCredentialBuilder().build())
            .disableChallengeResourceVerification()
            .buildClient();
    String own = client.getSecret("db-password").getValue();
    String served = System.getenv("DB_PASSWORD");
    System.out.println("same:=" + own.equals(served));
    System.out.println(
        "sdk-loader:="
            + (SecretClient.class.getClassLoader() == ClassLoader.getSystemClassLoader()));
  }
}
