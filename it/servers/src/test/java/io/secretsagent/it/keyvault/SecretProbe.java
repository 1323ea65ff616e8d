package io.secretsagent.it.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import java.time.Duration;

/**
 * The program {@link ManagedIdentityChildJvmTest} runs in a child JVM: the real SDK, configured
 * only by the process environment and {@code javax.net.ssl.trustStore}, as an application would be.
 *
 * <p>Arguments: {@code <credential> <vaultUrl> <command>...}; credential is {@code managed}, {@code
 * managed:<clientId>}, {@code managed-no-retry} (no retries in the SecretClient pipeline, {@code
 * maxRetry(0)} in the credential) or {@code default}; commands are {@code get:<name>} and {@code
 * set:<name>:<value>}. Prints one line per command: {@code OK <command> <value> <version>} or
 * {@code FAIL <command> <status or exception class> <message>}.
 */
public final class SecretProbe {

  private SecretProbe() {}

  public static void main(String[] args) {
    SecretClientBuilder builder =
        new SecretClientBuilder()
            .vaultUrl(args[1])
            .disableChallengeResourceVerification()
            .credential(credential(args[0]));
    if (args[0].equals("managed-no-retry")) {
      builder.retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
    }
    SecretClient client = builder.buildClient();
    for (int i = 2; i < args.length; i++) {
      String[] command = args[i].split(":", 3);
      try {
        KeyVaultSecret secret =
            command[0].equals("set")
                ? client.setSecret(command[1], command[2])
                : client.getSecret(command[1]);
        System.out.println(
            "OK " + args[i] + " " + secret.getValue() + " " + secret.getProperties().getVersion());
      } catch (HttpResponseException e) {
        String status =
            e.getResponse() == null
                ? e.getClass().getSimpleName()
                : Integer.toString(e.getResponse().getStatusCode());
        System.out.println("FAIL " + args[i] + " " + status + " " + firstLine(e));
      } catch (RuntimeException e) {
        System.out.println(
            "FAIL " + args[i] + " " + e.getClass().getSimpleName() + " " + firstLine(e));
      }
    }
  }

  private static TokenCredential credential(String spec) {
    if (spec.equals("default")) {
      return new DefaultAzureCredentialBuilder().build();
    }
    ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
    if (spec.equals("managed-no-retry")) {
      builder.maxRetry(0);
    } else if (spec.startsWith("managed:")) {
      builder.clientId(spec.substring("managed:".length()));
    }
    return builder.build();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
