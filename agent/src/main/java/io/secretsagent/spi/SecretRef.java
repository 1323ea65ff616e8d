package io.secretsagent.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Which secret to fetch: a name, and a version when the user pinned one. */
public final class SecretRef {

  private static final Pattern KEY_VAULT_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  private final String name;
  private final String version;
  private final String source;

  public SecretRef(String name, String version) {
    this(name, version, null);
  }

  /**
   * @param source where the secret lives when not in the backend's default place, e.g. another
   *     vault's URL; null for the default
   */
  public SecretRef(String name, String version, String source) {
    this.name = Objects.requireNonNull(name, "name");
    this.version = version;
    this.source = source;
  }

  /**
   * Key Vault's form, {@code name[/version]}; with no spec the name is translated from the key:
   * lower-case, {@code _} and {@code .} become {@code -} ({@code jwt_secret_key} to {@code
   * jwt-secret-key}).
   *
   * @throws ConfigException when the name is not a valid Key Vault secret name
   */
  public static SecretRef keyVaultStyle(String key, String spec) throws ConfigException {
    if (spec == null) {
      String name = translate(key);
      requireKeyVaultName(
          key,
          name,
          "translated from the key; give the secret name explicitly: " + key + "=<secret-name>");
      return new SecretRef(name, null);
    }
    int slash = spec.indexOf('/');
    String name = slash < 0 ? spec : spec.substring(0, slash);
    String version = slash < 0 ? null : spec.substring(slash + 1);
    requireKeyVaultName(key, name, "expected " + key + "=<secret-name>[/<version>][#<field>]");
    if (version != null && !KEY_VAULT_NAME.matcher(version).matches()) {
      throw new ConfigException(
          key
              + ": secret version '"
              + version
              + "' is not valid: expected "
              + key
              + "=<secret-name>/<version>, a version id like 3f4b2c1e...");
    }
    return new SecretRef(name, version);
  }

  /**
   * {@code DB_PASSWORD} to {@code db-password}, {@code spring.datasource.password} to {@code
   * spring-datasource-password}.
   */
  public static String translate(String key) {
    return key.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  private static void requireKeyVaultName(String key, String name, String advice)
      throws ConfigException {
    if (!KEY_VAULT_NAME.matcher(name).matches()) {
      throw new ConfigException(
          key
              + ": '"
              + name
              + "' is not a valid secret name (1-127 letters, digits and dashes); "
              + advice);
    }
  }

  public String name() {
    return name;
  }

  /** The pinned version, or null to follow the latest. */
  public String version() {
    return version;
  }

  /** Where the secret lives, when not in the backend's default place; else null. */
  public String source() {
    return source;
  }

  /** A pinned secret never changes, so it is never refreshed. */
  public boolean isPinned() {
    return version != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretRef
        && name.equals(((SecretRef) o).name)
        && Objects.equals(version, ((SecretRef) o).version)
        && Objects.equals(source, ((SecretRef) o).source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, source);
  }

  @Override
  public String toString() {
    return (source == null ? "" : source + "/secrets/")
        + (version == null ? name : name + "/" + version);
  }
}
