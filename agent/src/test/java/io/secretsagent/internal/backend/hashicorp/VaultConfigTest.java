package io.secretsagent.internal.backend.hashicorp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultConfigTest {

  private static BackendSettings settings(Map<String, String> environment) {
    return new BackendSettings() {
      @Override
      public String get(String environmentName, String propertyName) {
        return environment.get(environmentName);
      }

      @Override
      public Duration startupTimeout() {
        return Duration.ofSeconds(10);
      }
    };
  }

  /**
   * A file name the file system cannot represent is a configuration error, not an exception out of
   * premain.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SECRETS_VAULT_TOKEN_FILE",
        "VAULT_CACERT",
        "SECRETS_VAULT_KUBERNETES_JWT_FILE",
        "SECRETS_VAULT_APPROLE_SECRET_ID_FILE"
      })
  void anUnusableFileNameIsAConfigurationErrorNamingTheSetting(String setting) {
    String auth =
        setting.contains("KUBERNETES")
            ? "kubernetes"
            : setting.contains("APPROLE") ? "approle" : "token";
    Map<String, String> environment =
        Map.of(
            "VAULT_ADDR",
            "https://vault.example.com:8200",
            "SECRETS_VAULT_AUTH",
            auth,
            "SECRETS_VAULT_KUBERNETES_ROLE",
            "app",
            "SECRETS_VAULT_APPROLE_ROLE_ID",
            "role",
            "SECRETS_VAULT_APPROLE_SECRET_ID_FILE",
            "/run/secret-id",
            "SECRETS_VAULT_TOKEN_FILE",
            "/run/token");
    java.util.HashMap<String, String> withBadFile = new java.util.HashMap<>(environment);
    withBadFile.put(setting, "/run/bad\0name");
    ConfigException e =
        assertThrows(ConfigException.class, () -> VaultConfig.parse(settings(withBadFile)));
    assertTrue(e.getMessage().startsWith(setting), e.getMessage());
    assertTrue(e.getMessage().contains(" is not a valid path ("), e.getMessage());
    assertFalse(e.getMessage().contains("\0"), "the message quotes no control character");
  }

  /** Issue 12: a password in VAULT_ADDR is refused, never repeated. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://admin:PASSWORDLEAK@127.0.0.1:9",
        "https://PASSWORDLEAK@vault.example.com:8200/",
        "https://admin:PASSWORDLEAK@vault.example.com:8200/v1/x?y",
        "https://admin:PASS WORDLEAK@vault"
      })
  void anAddressWithUserInfoIsRefusedWithoutQuotingIt(String address) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> VaultConfig.parse(settings(Map.of("VAULT_ADDR", address, "VAULT_TOKEN", "t"))));
    assertTrue(e.getMessage().contains("user name or password"), e.getMessage());
    assertFalse(e.getMessage().contains("LEAK"), e.getMessage());
    assertFalse(e.getMessage().contains("admin"), e.getMessage());
  }
}
