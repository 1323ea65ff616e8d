package io.secretsagent.internal.backend.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppServiceReferenceTest {

  @Test
  void secretUriForm() throws ConfigException {
    assertEquals(
        new SecretRef("db-password", null, "https://myvault.vault.azure.net"),
        AppServiceReference.parse(
            "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/db-password/)"));
    assertEquals(
        new SecretRef(
            "db-password", "ec96f02080254f109c51a1f14cdb1931", "https://myvault.vault.azure.cn"),
        AppServiceReference.parse(
            "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.cn/secrets/db-password/ec96f02080254f109c51a1f14cdb1931)"));
    assertEquals(
        new SecretRef("x", null, "https://127.0.0.1:8443"),
        AppServiceReference.parse(
            " @Microsoft.KeyVault(SecretUri=https://127.0.0.1:8443/secrets/x) "));
  }

  @Test
  void vaultNameForm() throws ConfigException {
    assertEquals(
        new SecretRef("db-password", null, "https://myvault.vault.azure.net"),
        AppServiceReference.parse("@Microsoft.KeyVault(VaultName=myvault;SecretName=db-password)"));
    assertEquals(
        new SecretRef("db-password", "v1", "https://myvault.vault.azure.net"),
        AppServiceReference.parse(
            "@Microsoft.KeyVault(VaultName=myvault; SecretName=db-password; SecretVersion=v1)"));
  }

  @Test
  void plainValuesAreNoReferences() throws ConfigException {
    assertNull(AppServiceReference.parse("s3cret"));
    assertNull(AppServiceReference.parse(null));
    assertNull(AppServiceReference.parse("Microsoft.KeyVault(VaultName=a;SecretName=b)"));
  }

  @Test
  void malformedReferencesSayWhatIsWrong() {
    for (String value :
        List.of(
            "@Microsoft.KeyVault(VaultName=a;SecretName=b",
            "@Microsoft.KeyVault(SecretUri=http://a/secrets/b)",
            "@Microsoft.KeyVault(SecretUri=https://a/keys/b)",
            "@Microsoft.KeyVault(VaultName=a)",
            "@Microsoft.KeyVault(junk)",
            "@Microsoft.KeyVault(VaultName=a b;SecretName=c)")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> AppServiceReference.parse(value), value);
      assertEquals(
          true,
          e.getMessage().startsWith("malformed App Service Key Vault reference"),
          e.getMessage());
    }
  }

  /**
   * Found by AppServiceReferenceFuzzTest: URI.create threw IllegalArgumentException out of
   * start-up.
   */
  @Test
  void aSecretUriWhoseVaultIsNoUrlIsMalformed() {
    for (String value :
        List.of(
            "@Microsoft.KeyVault(SecretUri=https://1%7.0.0.1:8443/secrets/x)",
            "@Microsoft.KeyVault(SecretUri=https://a_b/secrets/x)")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> AppServiceReference.parse(value), value);
      assertEquals(
          "malformed App Service Key Vault reference: the vault in SecretUri is not a host name;"
              + " write https://<vault>.vault.azure.net/secrets/<name>",
          e.getMessage());
    }
  }

  /**
   * Found by AppServiceReferenceFuzzTest: VaultName=myvault- made https://myvault-.vault.azure.net,
   * no host.
   */
  @Test
  void vaultNamesFollowKeyVaultsRule() {
    for (String vault :
        List.of("myvault-", "-myvault", "my--vault", "ab", "a".repeat(25), "1vault")) {
      assertThrows(
          ConfigException.class,
          () ->
              AppServiceReference.parse(
                  "@Microsoft.KeyVault(VaultName=" + vault + ";SecretName=s)"),
          vault);
    }
  }
}
