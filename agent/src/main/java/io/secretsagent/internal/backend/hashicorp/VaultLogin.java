package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.backend.CredentialFiles;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the agent gets a Vault token ({@code SECRETS_VAULT_AUTH}): a given token, or a login with
 * Kubernetes or AppRole credentials. Files are read at every login, so that a rotated
 * service-account token, secret id or token file is picked up. Messages never quote a token, JWT or
 * secret id.
 */
sealed interface VaultLogin {

  /** Obtains a token: reads it, or logs in. */
  String login(VaultHttp http) throws BackendException;

  /** Whether {@link #login} can get a fresh token when the current one is refused or expires. */
  boolean canLoginAgain();

  /** For messages, e.g. {@code kubernetes auth (role 'app' at auth/kubernetes)}. */
  String describe();

  /** {@code SECRETS_VAULT_AUTH=token}: {@code VAULT_TOKEN}, or {@code SECRETS_VAULT_TOKEN_FILE}. */
  record Token(String token, Path file) implements VaultLogin {
    @Override
    public String login(VaultHttp http) throws BackendException {
      if (token != null) {
        return token;
      }
      String read = read(file, Setting.VAULT_TOKEN_FILE);
      String wrong = checkToken(read);
      if (wrong != null) {
        throw new BackendException(
            Kind.UNAUTHENTICATED,
            "the token in "
                + file
                + " ("
                + Setting.VAULT_TOKEN_FILE.environmentName()
                + ") is malformed: "
                + wrong
                + "; a Vault token is one line of printable ASCII, such as hvs.CAES...:"
                + " write only the token to the file");
      }
      return read;
    }

    @Override
    public boolean canLoginAgain() {
      return file != null; // Vault Agent or an operator may write a new token to the file
    }

    /** Never the token. */
    @Override
    public String toString() {
      return "Token[" + describe() + "]";
    }

    @Override
    public String describe() {
      return file != null
          ? "the token file " + file + " (" + Setting.VAULT_TOKEN_FILE.environmentName() + ")"
          : Setting.VAULT_TOKEN.environmentName();
    }
  }

  /** {@code SECRETS_VAULT_AUTH=kubernetes}: the pod's service-account JWT and a Vault role. */
  record Kubernetes(String role, Path jwtFile, String mount) implements VaultLogin {
    @Override
    public String login(VaultHttp http) throws BackendException {
      String jwt = read(jwtFile, Setting.VAULT_KUBERNETES_JWT_FILE);
      return VaultLogin.token(
          http,
          http.post("auth/" + mount + "/login", null, Map.of("role", role, "jwt", jwt), jwt),
          this,
          "check that role '"
              + role
              + "' exists at auth/"
              + mount
              + " and binds this pod's service account and namespace");
    }

    @Override
    public boolean canLoginAgain() {
      return true;
    }

    @Override
    public String describe() {
      return "kubernetes auth (role '"
          + role
          + "' at auth/"
          + mount
          + ", JWT from "
          + jwtFile
          + ")";
    }
  }

  /** {@code SECRETS_VAULT_AUTH=approle}: a role id and a secret id read from a file. */
  record AppRole(String roleId, Path secretIdFile, String mount) implements VaultLogin {
    @Override
    public String login(VaultHttp http) throws BackendException {
      String secretId = read(secretIdFile, Setting.VAULT_APPROLE_SECRET_ID_FILE);
      return VaultLogin.token(
          http,
          http.post(
              "auth/" + mount + "/login",
              null,
              Map.of("role_id", roleId, "secret_id", secretId),
              secretId),
          this,
          "check "
              + Setting.VAULT_APPROLE_ROLE_ID.environmentName()
              + " and that the secret id in "
              + secretIdFile
              + " is current (secret ids expire and may be single-use)");
    }

    @Override
    public boolean canLoginAgain() {
      return true;
    }

    @Override
    public String describe() {
      return "approle auth (role id at auth/" + mount + ", secret id from " + secretIdFile + ")";
    }
  }

  /** {@code auth.client_token} of a login answer, or why there is none. */
  private static String token(
      VaultHttp http, VaultHttp.Response response, VaultLogin login, String advice)
      throws BackendException {
    if (response.status() == 200
        && response.json().get("auth") instanceof Map<?, ?> auth
        && auth.get("client_token") instanceof String token
        && !token.isEmpty()) {
      return token;
    }
    BackendException notVault = VaultErrors.notVault(response, http, "the login");
    if (notVault != null) {
      throw notVault;
    }
    int status = response.status();
    if (status != 400 && status != 401 && status != 403) {
      throw VaultErrors.server(response, http); // a redirect, not Vault, a 5xx...
    }
    throw new BackendException(
        Kind.UNAUTHENTICATED,
        http.server()
            + " refused the login with "
            + login.describe()
            + " ("
            + status
            + (response.errors().isEmpty() ? "" : ": " + response.quotedErrors())
            + "); "
            + advice);
  }

  /**
   * What is wrong with a token's form, or null: a Vault token is printable ASCII without spaces.
   * Checked before the token goes into a header, where the JDK would refuse it with a message that
   * quotes it. Never quotes the token.
   */
  static String checkToken(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c > 0x20 && c < 0x7f) {
        continue;
      }
      String what =
          c == '\n' || c == '\r'
              ? "a line break"
              : c == ' '
                  ? "a space"
                  : c < 0x20 || c == 0x7f
                      ? String.format("a control character (U+%04X)", (int) c)
                      : "a character outside ASCII";
      return "character " + (i + 1) + " of " + token.length() + " is " + what;
    }
    return null;
  }

  private static String read(Path file, Setting setting) throws BackendException {
    try {
      String content = new String(CredentialFiles.read(file), StandardCharsets.UTF_8).trim();
      if (content.isEmpty()) {
        throw new BackendException(
            Kind.UNAUTHENTICATED,
            file + " is empty; it must hold the credential (" + setting.describe() + ")");
      }
      return content;
    } catch (CredentialFiles.UnreadableException e) {
      throw new BackendException(
          Kind.UNAUTHENTICATED,
          "cannot read "
              + file
              + ": "
              + e.getMessage()
              + "; point "
              + setting.describe()
              + " at a readable file",
          null,
          null);
    }
  }
}
