package io.secretsagent.internal.backend.azure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.Fuzz;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes App Service's {@code @Microsoft.KeyVault(...)} references, which the agent looks for in
 * every environment variable and system property: a value is no reference (null), a reference to a
 * valid secret in an https vault, or a malformed reference (a ConfigException with a message);
 * nothing else is thrown, and a value that is no reference is never quoted.
 */
class AppServiceReferenceFuzzTest {

  private static final List<String> TEMPLATES =
      List.of(
          "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/db-password/)",
          "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/db-password/ec96f02080254f109c51a1f14cdb1931)",
          "@Microsoft.KeyVault(SecretUri=https://127.0.0.1:8443/secrets/x)",
          "@Microsoft.KeyVault(VaultName=myvault;SecretName=db-password)",
          "@Microsoft.KeyVault(VaultName=myvault; SecretName=db-password; SecretVersion=v1)");

  @Test
  void everyValueIsNoReferenceAValidReferenceOrAConfigurationError() {
    Fuzz.fromSeed(69L)
        .run(
            "App Service reference",
            Fuzz.cases(10_000),
            Duration.ofSeconds(5),
            fuzz -> {
              String value =
                  switch (fuzz.nextInt(4)) {
                    case 0 -> fuzz.mutate(fuzz.pick(TEMPLATES));
                    case 1 -> fuzz.mutate(fuzz.mutate(fuzz.pick(TEMPLATES)));
                    case 2 ->
                        AppServiceReference.PREFIX
                            + fuzz.fragment()
                            + fuzz.pick(List.of("=", ";", ")", ""))
                            + fuzz.fragment()
                            + ")";
                    default -> fuzz.mutate(Fuzz.MARKER);
                  };
              boolean secretLike = !value.trim().startsWith(AppServiceReference.PREFIX);
              try {
                SecretRef ref = AppServiceReference.parse(value);
                if (secretLike) {
                  assertNull(ref, Fuzz.show(value));
                } else {
                  assertTrue(
                      ref.name().matches("[0-9a-zA-Z-]{1,127}"), ref + " from " + Fuzz.show(value));
                  URI vault = URI.create(ref.source());
                  assertTrue(
                      "https".equals(vault.getScheme()) && vault.getHost() != null,
                      ref + " from " + Fuzz.show(value));
                }
              } catch (ConfigException e) {
                assertFalse(
                    secretLike, "a value that is no reference was refused: " + Fuzz.show(value));
                assertTrue(
                    e.getMessage().startsWith("malformed App Service Key Vault reference: "),
                    e.getMessage());
                assertFalse(e.getMessage().contains(Fuzz.MARKER), Fuzz.show(e.getMessage()));
              }
            });
  }
}
