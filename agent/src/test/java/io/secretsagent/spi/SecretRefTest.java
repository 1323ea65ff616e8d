package io.secretsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretRefTest {

  @Test
  void translation() {
    assertEquals("jwt-secret-key", SecretRef.translate("jwt_secret_key"));
    assertEquals("db-password", SecretRef.translate("DB_PASSWORD"));
    assertEquals("spring-datasource-password", SecretRef.translate("spring.datasource.password"));
  }

  @Test
  void keyVaultForm() throws ConfigException {
    assertEquals(new SecretRef("db-password", null), SecretRef.keyVaultStyle("DB_PASSWORD", null));
    SecretRef pinned = SecretRef.keyVaultStyle("X", "db-creds/3f4b2c1e");
    assertEquals("db-creds", pinned.name());
    assertEquals("3f4b2c1e", pinned.version());
    assertTrue(pinned.isPinned());
    assertFalse(SecretRef.keyVaultStyle("X", "name").isPinned());
  }

  @Test
  void invalidNamesNameTheKeyAndTheFix() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> SecretRef.keyVaultStyle("MY.KEY$", null));
    assertEquals(
        "MY.KEY$: 'my-key$' is not a valid secret name (1-127 letters, digits and dashes);"
            + " translated from the key; give the secret name explicitly: MY.KEY$=<secret-name>",
        e.getMessage());
    assertThrows(ConfigException.class, () -> SecretRef.keyVaultStyle("K", "a".repeat(128)));
    assertThrows(ConfigException.class, () -> SecretRef.keyVaultStyle("K", "name/"));
    assertThrows(ConfigException.class, () -> SecretRef.keyVaultStyle("K", "name/v/1"));
  }

  /** Whatever the key, a name that is accepted is a valid Key Vault name. */
  @Test
  void everyAcceptedNameIsValidForKeyVault() {
    Pattern valid = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "aZ09_.-/#$ é\u0000";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder key = new StringBuilder();
      for (int n = random.nextInt(1, 140); n > 0; n--) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        SecretRef ref =
            SecretRef.keyVaultStyle(key.toString(), random.nextBoolean() ? null : key.toString());
        assertTrue(valid.matcher(ref.name()).matches(), ref.name());
      } catch (ConfigException expected) {
        assertTrue(
            expected.getMessage().matches("(?s).*is not (a )?valid.*"), expected.getMessage());
      }
    }
  }
}
