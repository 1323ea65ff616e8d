package io.secretsagent.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is rendered from the declaration ({@link Setting}): a setting
 * added, renamed or given another default there fails this test until the README says the same
 * (ADR-020). On failure, paste the printed table into the README.
 */
class ConfigurationTableTest {

  static final String HEADER =
      "| environment | system property | agent argument | applies to | meaning | default |";

  static String render() {
    StringBuilder table = new StringBuilder(HEADER).append("\n|---|---|---|---|---|---|\n");
    for (Setting s : Setting.values()) {
      table
          .append("| `")
          .append(s.environmentName())
          .append("` | `")
          .append(s.propertyName())
          .append("` | `")
          .append(s.argumentName())
          .append("` | ")
          .append(s.owner().label())
          .append(" | ")
          .append(s.description())
          .append(" | ")
          .append(defaultText(s.defaultValue()))
          .append(" |\n");
    }
    return table.toString();
  }

  private static String defaultText(String value) {
    return value == null ? "none" : value.isEmpty() ? "empty" : "`" + value + "`";
  }

  /** The table in the README: from its header line to the first line that is not a table row. */
  static String readmeTable(List<String> readme) {
    int start = readme.indexOf(HEADER);
    if (start < 0) {
      return "";
    }
    List<String> rows = new ArrayList<>();
    for (int i = start; i < readme.size() && readme.get(i).startsWith("|"); i++) {
      rows.add(readme.get(i));
    }
    return String.join("\n", rows) + "\n";
  }

  @Test
  void theReadmeTableIsTheDeclaration() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertTrue(Files.isRegularFile(readme), "the tests run in the agent module, below README.md");
    String expected = render();
    String actual = readmeTable(Files.readAllLines(readme));
    if (!expected.equals(actual)) {
      System.out.println(
          "README.md's configuration table differs from the settings declared in Setting;"
              + " replace it with:\n\n"
              + expected);
    }
    assertEquals(
        expected,
        actual,
        "README.md's configuration table (under ## Configuration) differs from Setting's"
            + " declarations; the expected table is printed above, paste it");
  }

  @Test
  void eachRowNamesTheThreeFormsTheOwnerAndTheDefault() {
    String table = render();
    assertTrue(
        table.contains(
            "| `SECRETS_REFRESH_INTERVAL` | `secrets.refresh.interval` | `refresh.interval` | all |"),
        table);
    assertTrue(table.contains("| `VAULT_ADDR` | `secrets.vault.addr` | `vault.addr` |"), table);
    assertTrue(table.lines().anyMatch(l -> l.contains("`SECRETS_FILE`") && l.endsWith("| none |")));
    assertTrue(
        table.lines().anyMatch(l -> l.contains("`SECRETS_KEYS`") && l.endsWith("| empty |")));
  }
}
