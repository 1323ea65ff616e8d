package io.secretsagent.internal.backend.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpResponse;
import com.azure.identity.CredentialUnavailableException;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.ConnectionFailure;
import io.secretsagent.internal.http.ResponseStatus;
import io.secretsagent.internal.http.ServerText;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import io.secretsagent.spi.SecretRef;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns what the Azure SDK throws into a {@link BackendException} whose message says which of
 * unreachable, authentication, access, missing or disabled it is, and what to do. Messages are
 * built from status codes, error codes and exception types; the SDK's own texts are used only for
 * credential failures, which name the credentials tried and never carry a secret value.
 */
final class KeyVaultErrors {

  private KeyVaultErrors() {}

  static BackendException classify(RuntimeException e, SecretRef ref, URI vault) {
    if (e instanceof ResourceNotFoundException) {
      return new BackendException(
          Kind.NOT_FOUND,
          "secret '"
              + ref
              + "' does not exist in "
              + vault
              + "; create it (az keyvault secret set --vault-name <vault> --name "
              + ref.name()
              + ") or fix the key list");
    }
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return fromStatus(h, ref, vault);
    }
    if (isCredentialFailure(e)) {
      return authentication(e, vault);
    }
    return unreachable(e, vault);
  }

  private static BackendException fromStatus(HttpResponseException e, SecretRef ref, URI vault) {
    HttpResponse response = e.getResponse();
    int status = response.getStatusCode();
    String body =
        String.valueOf(e.getValue()).toLowerCase(Locale.ROOT)
            + " "
            + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (status == 403 && body.contains("disabled")) {
      return new BackendException(
          Kind.DISABLED,
          "secret '"
              + ref
              + "' is disabled in "
              + vault
              + "; enable it (az keyvault secret set-attributes --enabled true) or point the key at another secret");
    }
    if (status == 403) {
      return new BackendException(
          Kind.DENIED,
          "access to secret '"
              + ref
              + "' in "
              + vault
              + " is denied (403);"
              + " grant this identity 'get' on secrets: the Key Vault Secrets User role, or an access policy with secret get");
    }
    if (status == 401) {
      return new BackendException(
          Kind.UNAUTHENTICATED,
          vault
              + " rejected the agent's token (401);"
              + " check that the identity belongs to the vault's tenant");
    }
    if (status == 429) {
      Duration retryAfter = retryAfter(response);
      return new BackendException(
          Kind.THROTTLED,
          vault
              + " is throttling requests (429"
              + ResponseStatus.describe(retryAfter)
              + "); the agent asks again only after that. At start-up, a "
              + Setting.STARTUP_TIMEOUT.environmentName()
              + " longer than the"
              + " Retry-After rides it out; staggered restarts send fewer requests at once",
          retryAfter,
          e);
    }
    if (ResponseStatus.isRetryable(status)) {
      return new BackendException(
          Kind.UNAVAILABLE, vault + " answered " + status + "; retrying", retryAfter(response), e);
    }
    return new BackendException(
        ResponseStatus.kindOf(status), vault + " answered " + status + " for secret '" + ref + "'");
  }

  /** No credential of the chain could get a token: the SDK's message names each one tried. */
  static BackendException authentication(RuntimeException e, URI vault) {
    if (!isCredentialFailure(e)) {
      return unreachable(e, vault);
    }
    String detail = ServerText.excerpt(e.getMessage());
    return new BackendException(
        Kind.UNAUTHENTICATED,
        "no credential could authenticate to "
            + vault
            + " (DefaultAzureCredential tried, in order, the credentials named here): "
            + detail
            + " -- give the workload a managed identity or workload identity, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET;"
            + " AZURE_TOKEN_CREDENTIALS=prod limits the chain to production credentials",
        null,
        e);
  }

  private static boolean isCredentialFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClientAuthenticationException
          || t instanceof CredentialUnavailableException
          || t.getClass().getName().startsWith("com.microsoft.aad.msal4j.")) {
        return true;
      }
    }
    return false;
  }

  private static BackendException unreachable(RuntimeException e, URI vault) {
    return new BackendException(
        Kind.UNREACHABLE,
        vault
            + " is unreachable: "
            + ConnectionFailure.why(e, "set javax.net.ssl.trustStore")
            + "; check "
            + Setting.AZURE_KEYVAULT_URL.environmentName()
            + ", DNS, firewall and proxy settings (HTTPS_PROXY, NO_PROXY)",
        null,
        e);
  }

  private static Duration retryAfter(HttpResponse response) {
    return ResponseStatus.retryAfter(
        response.getHeaderValue("retry-after-ms"),
        response.getHeaderValue("Retry-After"),
        Clock.systemUTC());
  }
}
