package io.secretsagent.internal.backend.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.secretsagent.internal.http.HttpClients;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import io.secretsagent.spi.SecretsBackend;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Secrets from Azure Key Vault through the real {@code SecretClient} and {@code
 * DefaultAzureCredential}. The clients are built on first use, on an agent thread within the
 * start-up budget, not in {@code create}: building them loads most of the Azure SDK.
 *
 * <p>Expired and not-yet-valid secrets, which Key Vault serves with status 200, are refused
 * (ADR-011): at start-up that is exit status 69, on refresh the last good value stays.
 */
final class KeyVaultBackend implements SecretsBackend {

  private final URI vault;
  private final boolean verifyChallengeResource;
  private final boolean instanceDiscovery;
  private final Duration budget;
  private final HttpsProxy proxy;
  private final Clock clock;
  private volatile KeyVaultClients clients;

  /**
   * @param proxy null for direct connections
   * @param clock judges expiry and activation dates
   */
  KeyVaultBackend(
      URI vault,
      boolean verifyChallengeResource,
      boolean instanceDiscovery,
      Duration budget,
      HttpsProxy proxy,
      Clock clock) {
    this.vault = vault;
    this.clock = clock;
    this.proxy = proxy;
    this.verifyChallengeResource = verifyChallengeResource;
    this.instanceDiscovery = instanceDiscovery;
    this.budget = budget;
  }

  /** Authentication: one token for the vault's scope, through the credential chain. */
  @Override
  public void probe() throws BackendException {
    try {
      TokenCredential credential = clients().credential();
      credential.getTokenSync(new TokenRequestContext().addScopes(KeyVaultClients.scope(vault)));
    } catch (RuntimeException e) {
      throw KeyVaultErrors.authentication(e, vault);
    }
  }

  /** Names the credential that {@code DefaultAzureCredential} will use, from the environment. */
  @Override
  public String probeDescription() {
    String credential;
    if (System.getenv("AZURE_CLIENT_SECRET") != null
        || System.getenv("AZURE_CLIENT_CERTIFICATE_PATH") != null) {
      credential = "EnvironmentCredential (service principal AZURE_CLIENT_ID)";
    } else if (System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null) {
      credential =
          "WorkloadIdentityCredential (AZURE_FEDERATED_TOKEN_FILE, token endpoint "
              + System.getenv()
                  .getOrDefault("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/")
              + ")";
    } else if (System.getenv("IDENTITY_ENDPOINT") != null) {
      credential =
          "ManagedIdentityCredential (IDENTITY_ENDPOINT "
              + System.getenv("IDENTITY_ENDPOINT")
              + ")";
    } else {
      credential =
          "ManagedIdentityCredential (instance metadata service), then developer credentials such as the Azure CLI";
    }
    return "DefaultAzureCredential, waiting for a token from " + credential;
  }

  @Override
  public Secret fetch(SecretRef ref) throws BackendException {
    URI in = ref.source() == null ? vault : URI.create(ref.source());
    KeyVaultSecret secret;
    try {
      secret = clients().secrets(in).getSecret(ref.name(), ref.version());
    } catch (RuntimeException e) {
      throw KeyVaultErrors.classify(e, ref, in);
    }
    checkValidity(ref, secret.getProperties());
    if (secret.getValue() == null) {
      throw new BackendException(
          BackendException.Kind.INVALID, "secret '" + ref + "' in " + vault + " has no value");
    }
    return new Secret(secret.getValue(), secret.getProperties().getVersion());
  }

  private void checkValidity(SecretRef ref, SecretProperties properties) throws BackendException {
    OffsetDateTime now = OffsetDateTime.now(clock);
    if (properties.getExpiresOn() != null && properties.getExpiresOn().isBefore(now)) {
      throw new BackendException(
          BackendException.Kind.DISABLED,
          "secret '"
              + ref
              + "' in "
              + vault
              + " expired at "
              + properties.getExpiresOn()
              + "; set a new version, or move its expiry date");
    }
    if (properties.getNotBefore() != null && properties.getNotBefore().isAfter(now)) {
      throw new BackendException(
          BackendException.Kind.DISABLED,
          "secret '"
              + ref
              + "' in "
              + vault
              + " is not valid before "
              + properties.getNotBefore()
              + "; use the current version, or move its activation date");
    }
  }

  @Override
  public String describe() {
    return "Key Vault " + vault;
  }

  @Override
  public void close() {
    KeyVaultClients c = clients;
    if (c != null) {
      c.close();
    }
  }

  private KeyVaultClients clients() throws BackendException {
    KeyVaultClients c = clients;
    if (c == null) {
      synchronized (this) {
        if (clients == null) {
          clients =
              new KeyVaultClients(vault, verifyChallengeResource, instanceDiscovery, budget, proxy);
          HttpClients.closeAtExit(clients);
        }
        c = clients;
      }
    }
    return c;
  }
}
