package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.util.regex.Pattern;

/**
 * Where a secret lives in Vault's KV engine: mount, path (with the configured prefix) and, on KV
 * version 2, a pinned version. A key's spec is {@code <path>[@<version>]}: paths contain {@code /},
 * so a version after {@code @} cannot be mistaken for a path segment.
 *
 * @param mount the KV mount, e.g. {@code secret}
 * @param path the secret's path under the mount, prefix included, e.g. {@code myapp/db}
 * @param version the pinned KV v2 version, or null for the latest
 * @param kvVersion 1 or 2
 */
record VaultPath(String mount, String path, String version, int kvVersion) {

  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,9}");

  /**
   * Parses {@code NAME=<path>[@<version>]}; with no spec the path is translated from the key
   * ({@code DB_PASSWORD} to {@code db-password}).
   *
   * @throws ConfigException naming the key and the valid form
   */
  static SecretRef reference(String key, String spec) throws ConfigException {
    if (spec == null) {
      String translated = SecretRef.translate(key);
      if (!PATH.matcher(translated).matches() || translated.contains("..")) {
        throw new ConfigException(
            key
                + " is not a name Vault's paths allow ('"
                + translated
                + "'); name the secret: "
                + key
                + "=<path>[@<version>][#<field>], a path of letters, digits, . _ - separated by /");
      }
      return new SecretRef(translated, null);
    }
    int at = spec.indexOf('@');
    String path = at < 0 ? spec : spec.substring(0, at);
    String version = at < 0 ? null : spec.substring(at + 1);
    if (!PATH.matcher(path).matches()
        || path.contains("..")
        || (version != null && !VERSION.matcher(version).matches())) {
      throw new ConfigException(
          key
              + ": '"
              + spec
              + "' is not a Vault secret reference; write "
              + key
              + "=<path>[@<version>][#<field>], e.g. "
              + key
              + "=myapp/db@3#password (a path of letters, digits, . _ -"
              + " separated by /, without the mount; @ and a version number > 0 pin a KV version 2 secret)");
    }
    return new SecretRef(path, version);
  }

  /**
   * The API path of the read: {@code <mount>/data/<path>} on KV v2, {@code <mount>/<path>} on v1.
   */
  String apiPath() {
    return kvVersion == 2 ? mount + "/data/" + path : mount + "/" + path;
  }

  /** The request path, with {@code ?version=} when pinned. */
  String request() {
    return apiPath() + (version == null ? "" : "?version=" + version);
  }

  @Override
  public String toString() {
    return mount + "/" + path + (version == null ? "" : "@" + version);
  }
}
