package io.secretsagent.internal.config;

import static io.secretsagent.internal.config.Setting.Owner.AGENT;
import static io.secretsagent.internal.config.Setting.Owner.FILE_BACKEND;
import static io.secretsagent.internal.config.Setting.Owner.HIKARI_CP;
import static io.secretsagent.internal.config.Setting.Owner.KEY_VAULT;
import static io.secretsagent.internal.config.Setting.Owner.VAULT;
import static io.secretsagent.internal.config.Setting.Type.BOOLEAN;
import static io.secretsagent.internal.config.Setting.Type.CHOICE;
import static io.secretsagent.internal.config.Setting.Type.DURATION;
import static io.secretsagent.internal.config.Setting.Type.LIST;
import static io.secretsagent.internal.config.Setting.Type.PATH;
import static io.secretsagent.internal.config.Setting.Type.TEXT;
import static io.secretsagent.internal.config.Setting.Type.URL;

import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every setting, declared once (ADR-020): its agent-argument name, from which the system property
 * {@code secrets.<name>} and the environment variable {@code SECRETS_<NAME>} follow (settings with
 * a platform-standard variable, such as {@code VAULT_ADDR}, name it), its owner, type, default and
 * description. Parsing, messages and the README's configuration table ({@code
 * ConfigurationTableTest}) all read it from here; a new setting is one constant.
 */
public enum Setting implements BackendSettings.Key {
  BACKEND(
      AGENT,
      "backend",
      TEXT,
      "env",
      "`env`, `file`, `azure_keyvault` (alias `vault`), `hashicorp_vault`"),
  KEYS(
      AGENT,
      "keys",
      LIST,
      "",
      "managed environment variables, comma-separated: `NAME`, `NAME=secret-name`,"
          + " `NAME=secret-name/version`, `NAME=secret-name#jsonField`"),
  PROPERTIES(AGENT, "properties", LIST, "", "managed system properties, same syntax"),
  REFRESH_INTERVAL(
      AGENT,
      "refresh.interval",
      DURATION,
      "5m",
      "`30s`, `5m`, `1h` (also `ms`, `d`); `0` turns refresh off"),
  STARTUP_TIMEOUT(
      AGENT,
      "startup.timeout",
      DURATION,
      "10s",
      "budget for the probe and resolving every managed key"),
  FAIL_FAST(
      AGENT,
      "fail.fast",
      BOOLEAN,
      "true",
      "`true`: refuse to start if a managed key is unresolved"),
  LOG_LEVEL(
      AGENT,
      "log.level",
      CHOICE,
      "info",
      "`off`, `error`, `warn`, `info`, `debug`",
      "off",
      "error",
      "warn",
      "info",
      "debug"),
  STARTUP(
      AGENT,
      "startup",
      CHOICE,
      "blocking",
      "`blocking` (premain waits) or `concurrent` (first lookup waits)",
      "blocking",
      "concurrent"),
  TERMINATION_LOG(
      AGENT,
      "termination.log",
      PATH,
      "/dev/termination-log",
      "where the refusal message is also written, if that file is writable (Kubernetes"
          + " `terminationMessagePath`)"),
  FILE(
      FILE_BACKEND,
      "file",
      PATH,
      null,
      "JSON object `{ \"secret-name\": \"value\", ... }` for the file backend; a value may be a"
          + " JSON object, for `#field`. Strict JSON (RFC 8259), UTF-8 (a leading byte-order mark is"
          + " accepted), at most 1 MiB, a regular file, no name twice; edits are served by content,"
          + " whatever the timestamps"),
  FILE_ALLOW_OPEN_PERMISSIONS(
      FILE_BACKEND,
      "file.allow.open.permissions",
      BOOLEAN,
      "false",
      "`true` accepts a secrets file that group or others may read or write, another user owns, or"
          + " that sits in a directory others may write"),
  AZURE_KEYVAULT_URL(
      KEY_VAULT,
      "AZURE_KEYVAULT_URL",
      "azure.keyvault.url",
      URL,
      null,
      "`https://<vault>.vault.azure.net`"),
  AZURE_VERIFY_CHALLENGE_RESOURCE(
      KEY_VAULT,
      "azure.verify.challenge.resource",
      BOOLEAN,
      "true",
      "`false` only for local Key Vault-compatible servers"),
  AZURE_INSTANCE_DISCOVERY(
      KEY_VAULT,
      "azure.instance.discovery",
      BOOLEAN,
      "true",
      "`false` for token authorities MSAL cannot discover (private clouds, a local token"
          + " endpoint)"),
  VAULT_ADDR(
      VAULT,
      "VAULT_ADDR",
      "vault.addr",
      URL,
      null,
      "HashiCorp Vault's address, `https://<host>:8200`"),
  VAULT_NAMESPACE(
      VAULT,
      "VAULT_NAMESPACE",
      "vault.namespace",
      TEXT,
      null,
      "Vault Enterprise namespace, sent as `X-Vault-Namespace`"),
  VAULT_CACERT(
      VAULT,
      "VAULT_CACERT",
      "vault.cacert",
      PATH,
      null,
      "PEM file of the CA that signed Vault's certificate; unset, the JVM's default trust"),
  VAULT_AUTH(
      VAULT,
      "vault.auth",
      CHOICE,
      "token",
      "`token`, `kubernetes` or `approle`",
      "token",
      "kubernetes",
      "approle"),
  VAULT_TOKEN(
      VAULT,
      "VAULT_TOKEN",
      "vault.token",
      TEXT,
      null,
      "Vault token for `SECRETS_VAULT_AUTH=token`"),
  VAULT_TOKEN_FILE(
      VAULT,
      "vault.token.file",
      PATH,
      null,
      "file holding the token instead, re-read at renewal (Vault Agent sink)"),
  VAULT_KV_MOUNT(VAULT, "vault.kv.mount", TEXT, "secret", "mount path of the KV secrets engine"),
  VAULT_KV_VERSION(
      VAULT, "vault.kv.version", CHOICE, "2", "`2` or `1`, the KV engine's version", "2", "1"),
  VAULT_PATH_PREFIX(
      VAULT, "vault.path.prefix", TEXT, "", "prefix of every secret path, e.g. `team-a/orders`"),
  VAULT_KUBERNETES_ROLE(
      VAULT, "vault.kubernetes.role", TEXT, null, "Vault role for Kubernetes login"),
  VAULT_KUBERNETES_JWT_FILE(
      VAULT,
      "vault.kubernetes.jwt.file",
      PATH,
      "/var/run/secrets/kubernetes.io/serviceaccount/token",
      "service-account token file"),
  VAULT_KUBERNETES_MOUNT(
      VAULT,
      "vault.kubernetes.mount",
      TEXT,
      "kubernetes",
      "mount path of the Kubernetes auth method"),
  VAULT_APPROLE_ROLE_ID(VAULT, "vault.approle.role.id", TEXT, null, "AppRole role id"),
  VAULT_APPROLE_SECRET_ID_FILE(
      VAULT, "vault.approle.secret.id.file", PATH, null, "file holding the AppRole secret id"),
  VAULT_APPROLE_MOUNT(
      VAULT, "vault.approle.mount", TEXT, "approle", "mount path of the AppRole auth method"),
  HIKARI(HIKARI_CP, "hikari", BOOLEAN, "true", "`false` turns HikariCP discovery and hot-swap off"),
  HIKARI_BINDINGS(
      HIKARI_CP,
      "hikari.bindings",
      LIST,
      "",
      "explicit pool bindings for ambiguous cases: `pool-name=PASSWORD_KEY[/USERNAME_KEY]`,"
          + " comma-separated");

  /** Whose setting it is: what it configures. */
  public enum Owner {
    AGENT("all"),
    FILE_BACKEND("`file`"),
    KEY_VAULT("`azure_keyvault`"),
    VAULT("`hashicorp_vault`"),
    HIKARI_CP("HikariCP");

    private final String label;

    Owner(String label) {
      this.label = label;
    }

    /** For the README: which backend, or what, the setting applies to. */
    public String label() {
      return label;
    }
  }

  /** How a value is read. */
  public enum Type {
    TEXT,
    /** Comma-separated entries. */
    LIST,
    PATH,
    URL,
    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms}, {@code 2d}, or {@code 0}. */
    DURATION,
    BOOLEAN,
    /** One of the declared {@link #choices()}, case-insensitive. */
    CHOICE
  }

  private static final String PREFIX = "secrets.";

  private final Owner owner;
  private final String environmentName;
  private final String argumentName;
  private final Type type;
  private final String defaultValue;
  private final String description;
  private final List<String> choices;

  /** A setting whose environment variable is the standard {@code SECRETS_<NAME>}. */
  Setting(
      Owner owner,
      String argumentName,
      Type type,
      String defaultValue,
      String description,
      String... choices) {
    this(
        owner,
        "SECRETS_" + argumentName.toUpperCase(Locale.ROOT).replace('.', '_'),
        argumentName,
        type,
        defaultValue,
        description,
        choices);
  }

  /** A setting with a platform-standard environment variable, e.g. {@code VAULT_ADDR}. */
  Setting(
      Owner owner,
      String environmentName,
      String argumentName,
      Type type,
      String defaultValue,
      String description,
      String... choices) {
    this.owner = owner;
    this.environmentName = environmentName;
    this.argumentName = argumentName;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
    this.choices = type == BOOLEAN ? List.of("true", "false") : List.of(choices);
  }

  @Override
  public String environmentName() {
    return environmentName;
  }

  @Override
  public String propertyName() {
    return PREFIX + argumentName;
  }

  /** The name in {@code -javaagent:secrets-agent.jar=name=value;...}. */
  public String argumentName() {
    return argumentName;
  }

  static String argumentName(String propertyName) {
    return propertyName.startsWith(PREFIX) ? propertyName.substring(PREFIX.length()) : null;
  }

  public Owner owner() {
    return owner;
  }

  public Type type() {
    return type;
  }

  /** The value used when the setting is not given: null for none, empty for an empty list. */
  @Override
  public String defaultValue() {
    return defaultValue;
  }

  /** One line of Markdown, for the README's configuration table. */
  public String description() {
    return description;
  }

  /** The values a {@link Type#CHOICE} or {@link Type#BOOLEAN} setting accepts; else empty. */
  public List<String> choices() {
    return choices;
  }

  /** For messages, the accepted values: {@code off, error, warn, info or debug}. */
  public String choicesText() {
    int last = choices.size() - 1;
    return last < 1
        ? String.join("", choices)
        : String.join(", ", choices.subList(0, last)) + " or " + choices.get(last);
  }

  /** For messages: {@code SECRETS_KEYS (secrets.keys)}. */
  @Override
  public String describe() {
    return BackendSettings.Key.super.describe();
  }

  /**
   * This setting's value as a file path.
   *
   * @param pointAt what the path should name, for the message
   * @throws ConfigException naming this setting when the file system cannot represent the path
   */
  public Path path(String value, String pointAt) throws ConfigException {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          describe() + " is not a valid path (" + e.getReason() + "); point it at " + pointAt);
    }
  }

  static List<String> argumentNames() {
    List<String> names = new ArrayList<>();
    for (Setting s : values()) {
      names.add(s.argumentName());
    }
    return names;
  }
}
