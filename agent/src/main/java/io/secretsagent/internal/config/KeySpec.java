package io.secretsagent.internal.config;

import io.secretsagent.spi.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One managed key as written in {@code SECRETS_KEYS} or {@code SECRETS_PROPERTIES}: {@code NAME},
 * {@code NAME=<spec>} or {@code NAME=<spec>#field}. The spec is the backend's to parse; the field
 * selects a member of a JSON-object secret.
 *
 * @param kind an environment variable or a system property
 * @param name the environment variable or system property the application looks up
 * @param spec the backend-specific secret reference, or null to translate it from the name
 * @param field the JSON field to select, or null for the whole value
 */
public record KeySpec(Kind kind, String name, String spec, String field) {

  /** Which lookup the key answers. */
  public enum Kind {
    ENVIRONMENT(Setting.KEYS),
    PROPERTY(Setting.PROPERTIES);

    private final Setting setting;

    Kind(Setting setting) {
      this.setting = setting;
    }

    public Setting setting() {
      return setting;
    }
  }

  /**
   * Parses a comma-separated key list; blank entries are ignored.
   *
   * @param problems receives one message per malformed entry, so that all are reported at once
   */
  static List<KeySpec> parseList(Kind kind, String list, List<String> problems) {
    List<KeySpec> specs = new ArrayList<>();
    if (list == null) {
      return specs;
    }
    Set<String> seen = new HashSet<>();
    for (String entry : list.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        KeySpec spec = parse(kind, entry.trim());
        if (!seen.add(spec.name)) {
          throw new ConfigException(
              spec.name
                  + " is listed twice in "
                  + kind.setting.describe()
                  + "; list each key once");
        }
        specs.add(spec);
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    return specs;
  }

  static KeySpec parse(Kind kind, String entry) throws ConfigException {
    int eq = entry.indexOf('=');
    String name = (eq < 0 ? entry : entry.substring(0, eq)).trim();
    if (name.isEmpty()
        || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '#' || c == '/')) {
      throw new ConfigException(
          "'"
              + entry
              + "' in "
              + kind.setting.describe()
              + " does not start with a valid name; write NAME, NAME=secret-name, NAME=secret-name/version"
              + " or NAME=secret-name#field, separated by commas");
    }
    if (eq < 0) {
      return new KeySpec(kind, name, null, null);
    }
    String rest = entry.substring(eq + 1).trim();
    int hash = rest.lastIndexOf('#');
    String spec = hash < 0 ? rest : rest.substring(0, hash).trim();
    String field = hash < 0 ? null : rest.substring(hash + 1).trim();
    if (spec.isEmpty() || (field != null && field.isEmpty())) {
      throw new ConfigException(
          name
              + ": '"
              + rest
              + "' in "
              + kind.setting.describe()
              + " is incomplete; write "
              + name
              + "=secret-name, "
              + name
              + "=secret-name/version or "
              + name
              + "=secret-name#field");
    }
    return new KeySpec(kind, name, spec, field);
  }
}
