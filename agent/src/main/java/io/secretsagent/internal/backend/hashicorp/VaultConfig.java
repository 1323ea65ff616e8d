package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.backend.CredentialFiles;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.http.AgentTls;
import io.secretsagent.internal.http.HttpsProxy;
import io.secretsagent.spi.BackendSettings;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The {@code hashicorp_vault} backend's settings, read and checked once; a missing or malformed one
 * is a {@link ConfigException} naming the setting and a valid value.
 *
 * @param ssl the agent's own TLS context: {@code VAULT_CACERT}, else the JVM's default trust
 * @param prefix the path prefix with a trailing {@code /}, or empty
 */
record VaultConfig(
    URI address,
    String namespace,
    SSLContext ssl,
    HttpsProxy proxy,
    Duration timeout,
    String mount,
    String prefix,
    int kvVersion,
    VaultLogin login) {

  static VaultConfig parse(BackendSettings settings) throws ConfigException {
    String addr = get(settings, Setting.VAULT_ADDR);
    if (addr == null) {
      throw new ConfigException(
          "the hashicorp_vault backend needs "
              + Setting.VAULT_ADDR.describe()
              + ": the Vault server's address, e.g. https://vault.example.com:8200");
    }
    if (hasUserInfo(addr)) {
      throw new ConfigException(
          Setting.VAULT_ADDR.describe()
              + " holds a user name or password before '@' (not repeated here): Vault has no"
              + " basic authentication, so the agent refuses to send it; write https://<host>:<port>"
              + " and give the agent a token or a login ("
              + Setting.VAULT_AUTH.environmentName()
              + ")");
    }
    URI address;
    try {
      address = URI.create(addr.endsWith("/") ? addr.substring(0, addr.length() - 1) : addr);
    } catch (IllegalArgumentException e) {
      address = null;
    }
    if (address == null
        || !("https".equals(address.getScheme()) || "http".equals(address.getScheme()))
        || address.getHost() == null
        || !address.getPath().isEmpty()
        || address.getQuery() != null) {
      throw new ConfigException(
          Setting.VAULT_ADDR.describe()
              + " is '"
              + addr
              + "', which is not a Vault address; write https://<host>:<port>, e.g. https://vault.example.com:8200");
    }
    String mount = trimSlashes(get(settings, Setting.VAULT_KV_MOUNT));
    String prefix = trimSlashes(get(settings, Setting.VAULT_PATH_PREFIX));
    String version = get(settings, Setting.VAULT_KV_VERSION);
    if (!version.equals("1") && !version.equals("2")) {
      throw new ConfigException(
          Setting.VAULT_KV_VERSION.describe()
              + " is '"
              + version
              + "'; write 2 (the default) or 1,"
              + " as 'vault secrets list -detailed' shows for mount '"
              + mount
              + "'");
    }
    if (mount.isEmpty()) {
      throw new ConfigException(
          Setting.VAULT_KV_MOUNT.describe() + " is empty; write the KV mount's path, e.g. secret");
    }
    return new VaultConfig(
        address,
        namespace(settings),
        ssl(get(settings, Setting.VAULT_CACERT)),
        HttpsProxy.fromProcess(),
        settings.startupTimeout(),
        mount,
        prefix.isEmpty() ? "" : prefix + "/",
        Integer.parseInt(version),
        login(settings));
  }

  VaultPath path(SecretRef ref) {
    return new VaultPath(mount, prefix + ref.name(), ref.version(), kvVersion);
  }

  private static VaultLogin login(BackendSettings settings) throws ConfigException {
    String method = get(settings, Setting.VAULT_AUTH).toLowerCase(Locale.ROOT);
    switch (method) {
      case "token" -> {
        String token = get(settings, Setting.VAULT_TOKEN);
        String file = get(settings, Setting.VAULT_TOKEN_FILE);
        String wrong = token == null ? null : VaultLogin.checkToken(token);
        if (wrong != null) {
          throw new ConfigException(
              Setting.VAULT_TOKEN.environmentName()
                  + " is malformed: "
                  + wrong
                  + "; a Vault token is one line of printable ASCII, such as hvs.CAES...");
        }
        if (token == null && file == null) {
          throw new ConfigException(
              "the hashicorp_vault backend needs a token: set "
                  + Setting.VAULT_TOKEN.environmentName()
                  + " or "
                  + Setting.VAULT_TOKEN_FILE.describe()
                  + ", or log in with "
                  + Setting.VAULT_AUTH.environmentName()
                  + "=kubernetes or approle");
        }
        return new VaultLogin.Token(
            token,
            token == null
                ? Setting.VAULT_TOKEN_FILE.path(file, "the file holding the Vault token")
                : null);
      }
      case "kubernetes" -> {
        String role =
            require(
                settings,
                Setting.VAULT_KUBERNETES_ROLE,
                "the Vault role bound to this service account");
        return new VaultLogin.Kubernetes(
            role,
            Setting.VAULT_KUBERNETES_JWT_FILE.path(
                get(settings, Setting.VAULT_KUBERNETES_JWT_FILE), "the service-account token file"),
            trimSlashes(get(settings, Setting.VAULT_KUBERNETES_MOUNT)));
      }
      case "approle" -> {
        String roleId = require(settings, Setting.VAULT_APPROLE_ROLE_ID, "the AppRole's role id");
        String file =
            require(
                settings,
                Setting.VAULT_APPROLE_SECRET_ID_FILE,
                "a file holding the AppRole's secret id");
        return new VaultLogin.AppRole(
            roleId,
            Setting.VAULT_APPROLE_SECRET_ID_FILE.path(file, "the file holding the secret id"),
            trimSlashes(get(settings, Setting.VAULT_APPROLE_MOUNT)));
      }
      default ->
          throw new ConfigException(
              Setting.VAULT_AUTH.describe()
                  + " is '"
                  + method
                  + "'; write token (the default), kubernetes or approle");
    }
  }

  /**
   * The agent's own TLS context (never the JVM-wide default, see {@link AgentTls}): {@code
   * VAULT_CACERT}'s certificates, else the JVM's default trust. The file is read only if it is a
   * regular file, so a FIFO cannot hang premain.
   */
  private static SSLContext ssl(String caCert) throws ConfigException {
    if (caCert == null) {
      try {
        return AgentTls.defaultTrust();
      } catch (GeneralSecurityException e) {
        throw new ConfigException(
            "the JVM's trust store (javax.net.ssl.trustStore, else cacerts) cannot be loaded ("
                + e.getClass().getSimpleName()
                + "); fix javax.net.ssl.trustStore, or set "
                + Setting.VAULT_CACERT.describe()
                + " to the PEM file of the CA that signed Vault's certificate");
      }
    }
    Path file = Setting.VAULT_CACERT.path(caCert, "the CA's PEM file");
    String problem;
    try {
      return AgentTls.trusting(
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(CredentialFiles.read(file))));
    } catch (CredentialFiles.UnreadableException e) {
      problem = e.getMessage();
    } catch (GeneralSecurityException e) {
      problem = "it holds no usable PEM certificate (" + e.getClass().getSimpleName() + ")";
    }
    throw new ConfigException(
        Setting.VAULT_CACERT.describe()
            + " is '"
            + caCert
            + "', which is not a readable PEM file of CA certificates: "
            + problem
            + "; point it at the CA that signed Vault's certificate");
  }

  /** A namespace goes into a header: the JDK would refuse some characters, quoting the value. */
  private static String namespace(BackendSettings settings) throws ConfigException {
    String namespace = get(settings, Setting.VAULT_NAMESPACE);
    if (namespace != null && VaultLogin.checkToken(namespace) != null) {
      throw new ConfigException(
          Setting.VAULT_NAMESPACE.describe()
              + " is malformed: "
              + VaultLogin.checkToken(namespace)
              + "; write the namespace's path, e.g. team-a/ns1");
    }
    return namespace;
  }

  private static String require(BackendSettings settings, Setting setting, String what)
      throws ConfigException {
    String value = get(settings, setting);
    if (value == null) {
      throw new ConfigException(
          Setting.VAULT_AUTH.environmentName()
              + "="
              + get(settings, Setting.VAULT_AUTH).trim()
              + " needs "
              + setting.describe()
              + ": "
              + what);
    }
    return value;
  }

  /** The value, trimmed, or the setting's declared default (null for none) when unset or blank. */
  private static String get(BackendSettings settings, Setting setting) {
    return settings.value(setting);
  }

  /** Whether the authority of {@code addr} (between {@code ://} and the path) holds an '@'. */
  static boolean hasUserInfo(String addr) {
    int scheme = addr.indexOf("://");
    String rest = scheme < 0 ? addr : addr.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(c);
      end = at < 0 ? end : Math.min(end, at);
    }
    return rest.substring(0, end).contains("@");
  }

  private static String trimSlashes(String value) {
    return value.replaceAll("^/+|/+$", "");
  }
}
