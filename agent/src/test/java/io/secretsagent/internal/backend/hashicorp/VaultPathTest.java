package io.secretsagent.internal.backend.hashicorp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultPathTest {

  @Test
  void pathVersionAndTranslatedDefault() throws ConfigException {
    SecretRef pinned = VaultPath.reference("DB", "myapp/db@3");
    assertEquals("myapp/db", pinned.name());
    assertEquals("3", pinned.version());
    SecretRef latest = VaultPath.reference("DB", "team.a/my_app/db");
    assertEquals("team.a/my_app/db", latest.name());
    assertNull(latest.version());
    assertEquals("jwt-secret-key", VaultPath.reference("JWT_SECRET_KEY", null).name());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "myapp/db@",
        "myapp/db@0",
        "myapp/db@latest",
        "myapp/db@3@4",
        "/myapp/db",
        "myapp//db",
        "myapp/db/",
        "myapp/../db",
        "my app/db",
        "myapp/db/@3"
      })
  void malformedSpecsNameTheValidForm(String spec) {
    ConfigException e = assertThrows(ConfigException.class, () -> VaultPath.reference("DB", spec));
    assertTrue(
        e.getMessage()
            .startsWith(
                "DB: '"
                    + spec
                    + "' is not a Vault secret reference; write DB=<path>[@<version>][#<field>]"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"DB%X", "A?VERSION", "HOST:PORT"})
  void keysWhoseTranslationIsNoPathMustNameTheSecret(String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> VaultPath.reference(key, null));
    assertTrue(
        e.getMessage().startsWith(key + " is not a name Vault's paths allow"), e.getMessage());
    assertTrue(e.getMessage().contains(key + "=<path>[@<version>][#<field>]"), e.getMessage());
  }

  @Test
  void apiPathsPerKvVersion() {
    assertEquals("secret/data/team/db", new VaultPath("secret", "team/db", null, 2).apiPath());
    assertEquals(
        "secret/data/team/db?version=3", new VaultPath("secret", "team/db", "3", 2).request());
    assertEquals("kv/team/db", new VaultPath("kv", "team/db", null, 1).request());
  }
}
