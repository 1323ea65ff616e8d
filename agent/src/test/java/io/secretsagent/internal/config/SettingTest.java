package io.secretsagent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.spi.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The declaration of every setting (ADR-020). */
class SettingTest {

  /** The platform's own variables, which keep their names (README, "Configuration"). */
  static final Set<String> PLATFORM_NAMES =
      Set.of("AZURE_KEYVAULT_URL", "VAULT_ADDR", "VAULT_NAMESPACE", "VAULT_CACERT", "VAULT_TOKEN");

  @Test
  void everySettingHasItsNameInTheThreeForms() {
    for (Setting s : Setting.values()) {
      assertEquals("secrets." + s.argumentName(), s.propertyName(), s.name());
      String standard = "SECRETS_" + s.argumentName().toUpperCase(Locale.ROOT).replace('.', '_');
      if (!PLATFORM_NAMES.contains(s.environmentName())) {
        assertEquals(standard, s.environmentName(), s.name());
      }
      assertTrue(s.argumentName().matches("[a-z][a-z0-9]*(\\.[a-z0-9]+)*"), s.argumentName());
      assertEquals(
          s.environmentName() + " (" + s.propertyName() + ")", s.describe(), "one way in messages");
    }
  }

  @Test
  void namesAreUniqueInEachForm() {
    for (Function<Setting, String> form :
        List.<Function<Setting, String>>of(
            Setting::environmentName, Setting::propertyName, Setting::argumentName)) {
      Set<String> seen = new HashSet<>();
      for (Setting s : Setting.values()) {
        assertTrue(seen.add(form.apply(s).toLowerCase(Locale.ROOT)), s.name());
      }
    }
  }

  @Test
  void everyDefaultIsAValidValueOfItsType() {
    for (Setting s : Setting.values()) {
      String d = s.defaultValue();
      switch (s.type()) {
        case DURATION -> assertNotNull(AgentConfig.parseDuration(d), s.name());
        case BOOLEAN, CHOICE -> {
          assertFalse(s.choices().isEmpty(), s.name());
          assertTrue(s.choices().contains(d), s.name() + " defaults to one of its choices");
        }
        default -> assertTrue(s.choices().isEmpty(), s.name() + " has no choices");
      }
    }
  }

  @Test
  void descriptionsAreOneTableCell() {
    for (Setting s : Setting.values()) {
      assertFalse(s.description().isBlank(), s.name());
      assertFalse(s.description().contains("|") || s.description().contains("\n"), s.name());
    }
  }

  @Test
  void choicesAreListedForMessages() {
    assertEquals("off, error, warn, info or debug", Setting.LOG_LEVEL.choicesText());
    assertEquals("true or false", Setting.HIKARI.choicesText());
  }

  @ParameterizedTest
  @CsvSource({
    "bakend, BACKEND",
    "Backend, BACKEND",
    "backend:file, BACKEND",
    "refresh, REFRESH_INTERVAL",
    "log.levl, LOG_LEVEL",
    "vault.adr, VAULT_ADDR",
    "hikari.binding, HIKARI_BINDINGS"
  })
  void theNearestArgumentName(String typed, Setting expected) {
    assertEquals(expected, NearestSetting.find(typed, Setting::argumentName));
  }

  @Test
  void theNearestNameInTheOtherForms() {
    assertEquals(Setting.KEYS, NearestSetting.find("SECRET_KEYS", Setting::environmentName));
    assertEquals(Setting.KEYS, NearestSetting.find("SECRETS_KEY", Setting::environmentName));
    assertEquals(Setting.BACKEND, NearestSetting.find("secrets.backnd", Setting::propertyName));
    assertNull(NearestSetting.find("JAVA_HOME", Setting::environmentName));
    assertNull(NearestSetting.find("hvs.CAESIJ0ab12", Setting::argumentName));
    assertNull(NearestSetting.find(" ", Setting::argumentName));
  }

  @Test
  void unknownArgumentsAreAllNamedWithoutQuotingWhatMayBeAValue() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Settings.parseArguments(
                    "bakend=file;Keys=A;backend:s3cr3t-value;hvs.s3cr3t-token;backend=file"));
    String m = e.getMessage();
    assertTrue(m.contains("agent argument 'bakend' is not a known"), m);
    assertTrue(m.contains("did you mean 'backend'?"), m);
    assertTrue(m.contains("'Keys' is not a known name=value setting; did you mean 'keys'?"), m);
    assertTrue(m.contains("agent argument 'backend...' is not a known"), m);
    assertTrue(m.contains("agent argument number 4 is not a known name=value setting"), m);
    assertFalse(m.contains("s3cr3t"), m);
    assertEquals(1, m.split("with names from").length - 1, "the names are listed once: " + m);
  }

  @Test
  void aValueBeginningWithASettingsNameIsNotQuoted() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Settings.parseArguments("keysDB_PASSWORD"));
    assertTrue(e.getMessage().contains("agent argument 'keys...'"), e.getMessage());
    assertFalse(e.getMessage().contains("DB_PASSWORD"), e.getMessage());
  }

  @Test
  void valuesComeWithTheirDeclaredDefaults() throws ConfigException {
    Settings settings =
        new Settings(
            Settings.parseArguments(""), // a blank agent argument is refused (below)
            Map.of("secrets.vault.kv.mount", "  ", "secrets.vault.auth", " kubernetes ")::get,
            Map.<String, String>of()::get);
    assertEquals("secret", settings.value(Setting.VAULT_KV_MOUNT), "blank: the default");
    assertEquals("kubernetes", settings.value(Setting.VAULT_AUTH), "trimmed");
    assertEquals("5m", settings.value(Setting.REFRESH_INTERVAL));
    assertNull(settings.value(Setting.VAULT_ADDR), "no default");
  }

  @Test
  void anAgentArgumentWithAnEmptyValueIsRefusedNamingIt() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Settings.parseArguments("vault.kv.mount=  "));
    assertTrue(
        e.getMessage().contains("agent argument 'vault.kv.mount' has an empty value"),
        e.getMessage());
  }
}
