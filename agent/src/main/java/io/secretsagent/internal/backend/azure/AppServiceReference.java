package io.secretsagent.internal.backend.azure;

import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * App Service's Key Vault references, so that settings written for App Service keep working on
 * Kubernetes:
 * {@code @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/<version?>)}
 * or {@code @Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>;SecretVersion=<version?>)}.
 */
final class AppServiceReference {

  static final String PREFIX = "@Microsoft.KeyVault(";
  private static final Pattern SECRET_URI =
      Pattern.compile(
          "(https://[^/\\s]+)/secrets/([0-9a-zA-Z-]{1,127})(?:/([0-9a-zA-Z]{0,64}))?/?");
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  /**
   * Key Vault's rule: 3-24 letters, digits and single dashes, starting with a letter, not ending
   * with a dash.
   */
  private static final Pattern VAULT_NAME =
      Pattern.compile("(?=.{3,24}$)[a-zA-Z](?:-?[a-zA-Z0-9])*");

  private AppServiceReference() {}

  /**
   * @return the secret, with the vault URL as its source; null when the value is no reference
   * @throws ConfigException when it starts like one but is malformed
   */
  static SecretRef parse(String value) throws ConfigException {
    if (value == null || !value.trim().startsWith(PREFIX)) {
      return null;
    }
    String body = value.trim();
    if (!body.endsWith(")")) {
      throw malformed("it does not end with ')'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : body.substring(PREFIX.length(), body.length() - 1).split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw malformed("'" + part.trim() + "' is not Name=value");
      }
      fields.put(
          part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
    }
    if (fields.containsKey("secreturi")) {
      Matcher m = SECRET_URI.matcher(fields.get("secreturi"));
      if (!m.matches()) {
        throw malformed(
            "SecretUri must be https://<vault>.vault.azure.net/secrets/<name>[/<version>]");
      }
      String version = m.group(3) == null || m.group(3).isEmpty() ? null : m.group(3);
      return new SecretRef(m.group(2), version, vault(m.group(1)));
    }
    String vault = fields.get("vaultname");
    String name = fields.get("secretname");
    if (vault == null
        || name == null
        || !VAULT_NAME.matcher(vault).matches()
        || !NAME.matcher(name).matches()) {
      throw malformed(
          "write SecretUri=..., or VaultName=<vault>;SecretName=<name>[;SecretVersion=<version>]");
    }
    String version = fields.get("secretversion");
    return new SecretRef(
        name,
        version == null || version.isEmpty() ? null : version,
        "https://" + vault + ".vault.azure.net");
  }

  /**
   * The vault part of a SecretUri, which the pattern only roughly checks: {@code https://a%zz} is
   * no URL.
   */
  private static String vault(String url) throws ConfigException {
    try {
      URI vault = new URI(url);
      if (vault.getHost() != null) {
        return vault.toString();
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw malformed(
        "the vault in SecretUri is not a host name; write https://<vault>.vault.azure.net/secrets/<name>");
  }

  private static ConfigException malformed(String why) {
    return new ConfigException("malformed App Service Key Vault reference: " + why);
  }
}
