package io.secretsagent.internal.backend.hashicorp;

import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.BackendException.Kind;
import java.io.IOException;
import java.nio.file.Files;
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
      return token != null ? token : read(file, Setting.VAULT_TOKEN_FILE);
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
          http.post("auth/" + mount + "/login", null, Map.of("role", role, "jwt", jwt)),
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
              "auth/" + mount + "/login", null, Map.of("role_id", roleId, "secret_id", secretId)),
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
    if (response.status() >= 500 || response.status() == 429) {
      throw VaultErrors.server(response, "Vault " + http.address());
    }
    throw new BackendException(
        Kind.UNAUTHENTICATED,
        "Vault "
            + http.address()
            + " refused the login with "
            + login.describe()
            + " ("
            + response.status()
            + (response.errors().isEmpty() ? "" : ": " + VaultErrors.shorten(response.errors()))
            + "); "
            + advice);
  }

  private static String read(Path file, Setting setting) throws BackendException {
    try {
      String content = Files.readString(file).trim();
      if (content.isEmpty()) {
        throw new BackendException(
            Kind.UNAUTHENTICATED,
            file + " is empty; it must hold the credential (" + setting.describe() + ")");
      }
      return content;
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAUTHENTICATED,
          "cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); point "
              + setting.describe()
              + " at a readable file",
          null,
          null);
    }
  }
}
