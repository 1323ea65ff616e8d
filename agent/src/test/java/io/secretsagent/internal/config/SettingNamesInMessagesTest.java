package io.secretsagent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Messages name a setting through its declaration ({@link Setting#describe()}), never by a name
 * spelt in a string literal (ADR-020), so that every message names it the same way and a renamed
 * setting cannot leave a message behind.
 */
class SettingNamesInMessagesTest {

  static final Path SOURCES = Path.of("src", "main", "java", "io", "secretsagent");

  /** premain cannot see the declaration (JDK types only, compiled for an old release). */
  static final Set<String> EXEMPT = Set.of("internal/config/Setting.java", "premain/");

  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  static List<String> spelt(String source) {
    List<String> found = new ArrayList<>();
    Matcher literal = LITERAL.matcher(source);
    while (literal.find()) {
      for (Setting s : Setting.values()) {
        Pattern name =
            Pattern.compile(
                "(?<![A-Za-z0-9_.])("
                    + Pattern.quote(s.environmentName())
                    + "|"
                    + Pattern.quote(s.propertyName())
                    + ")(?![A-Za-z0-9_]|\\.[a-z])");
        if (name.matcher(literal.group()).find()) {
          found.add(s.environmentName() + " in " + literal.group());
        }
      }
    }
    return found;
  }

  @Test
  void noMessageSpellsASettingsName() throws IOException {
    Set<String> offenders = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String relative = SOURCES.relativize(file).toString().replace('\\', '/');
        if (EXEMPT.stream().anyMatch(relative::startsWith)) {
          continue;
        }
        List<String> found = spelt(Files.readString(file));
        if (!found.isEmpty()) {
          offenders.add(relative + ": " + found);
        }
      }
    }
    assertEquals(
        Set.of(),
        offenders,
        "name settings with Setting.X.describe() (or environmentName() in a NAME=value example)");
  }

  @Test
  void findsANameInALiteralButNotInAnotherName() {
    assertEquals(
        List.of("SECRETS_FAIL_FAST in \"set SECRETS_FAIL_FAST=false\""),
        spelt("x(\"set SECRETS_FAIL_FAST=false\");"));
    assertEquals(
        List.of("VAULT_ADDR in \"check VAULT_ADDR\""), spelt("String s = \"check VAULT_ADDR\";"));
    assertTrue(spelt("\"SECRETS_VAULT_TOKEN_FILE\" ").toString().contains("TOKEN_FILE"));
    assertEquals(1, spelt("\"SECRETS_VAULT_TOKEN_FILE\"").size(), "VAULT_TOKEN is not in it");
    assertEquals(List.of(), spelt("Setting.KEYS.describe() + \" is empty\""));
    assertEquals(List.of(), spelt("\"io.secretsagent.premain\""));
  }
}
