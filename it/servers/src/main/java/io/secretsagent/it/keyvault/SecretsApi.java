package io.secretsagent.it.keyvault;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Key Vault secrets REST API (any {@code api-version}): get latest ({@code GET /secrets/{name}}
 * with or without trailing slash), get a version, set ({@code PUT}), update attributes ({@code
 * PATCH}), list versions and list secrets. Every call needs a valid bearer token ({@link
 * BearerChallenge}) whose identity the {@link AccessPolicy} allows.
 */
final class SecretsApi {

  private final VaultContents store;
  private final AccessPolicy access;
  private final BearerChallenge challenge;
  private final Supplier<String> vaultUrl;
  private final String vaultName;
  private final String tenantId;

  SecretsApi(
      VaultContents store,
      AccessPolicy access,
      BearerChallenge challenge,
      Supplier<String> vaultUrl,
      String vaultName,
      String tenantId) {
    this.store = store;
    this.access = access;
    this.challenge = challenge;
    this.vaultUrl = vaultUrl;
    this.vaultName = vaultName;
    this.tenantId = tenantId;
  }

  Reply handle(Request request) {
    if (request.query("api-version") == null) {
      return Reply.error(400, "BadParameter", "The api-version query parameter is required.", null);
    }
    Optional<String> identity = challenge.identity(request);
    if (identity.isEmpty()) {
      return challenge.reject(request);
    }
    // "/secrets/a/b/" -> ["a", "b"]; "/secrets" -> []
    List<String> parts =
        Arrays.stream(request.path().substring("/secrets".length()).split("/"))
            .filter(s -> !s.isEmpty())
            .toList();
    String name = parts.isEmpty() ? null : parts.get(0);
    String operation = operation(request.method(), parts);
    if (operation == null) {
      return Reply.error(
          405,
          "MethodNotAllowed",
          request.method() + " is not supported on " + request.path(),
          null);
    }
    if (name != null && !VaultContents.isValidName(name)) {
      return Reply.error(
          400,
          "BadParameter",
          "The secret name '" + name + "' is invalid: use 1-127 letters, digits and dashes.",
          null);
    }
    if (!access.allows(identity.get(), name)) {
      return forbidden(identity.get(), operation);
    }
    String version = parts.size() > 1 ? parts.get(1) : null;
    switch (operation) {
      case "list":
        return name == null
            ? Reply.json(
                200, SecretJson.page(SecretJson.items(vaultUrl.get(), store.latestOfEach(), false)))
            : listVersions(name);
      case "set":
        return Reply.json(
            200,
            SecretJson.bundle(
                vaultUrl.get(), store.set(name, SecretJson.change(request.json())), true));
      case "update":
        return store
            .update(name, version, SecretJson.change(request.json()))
            .map(s -> Reply.json(200, SecretJson.bundle(vaultUrl.get(), s, false)))
            .orElseGet(() -> notFound(name, version));
      default:
        return get(name, version);
    }
  }

  private static String operation(String method, List<String> parts) {
    boolean versionsListing = parts.size() == 2 && parts.get(1).equals("versions");
    switch (method) {
      case "GET":
        return parts.isEmpty() || versionsListing ? "list" : parts.size() <= 2 ? "get" : null;
      case "PUT":
        return parts.size() == 1 ? "set" : null;
      case "PATCH":
        return !parts.isEmpty() && parts.size() <= 2 && !versionsListing ? "update" : null;
      default:
        return null;
    }
  }

  private Reply get(String name, String version) {
    Optional<SecretVersion> found = store.find(name, version);
    if (found.isEmpty()) {
      return notFound(name, version);
    }
    if (!found.get().enabled()) {
      return Reply.error(
          403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");
    }
    return Reply.json(200, SecretJson.bundle(vaultUrl.get(), found.get(), true));
  }

  private Reply listVersions(String name) {
    List<SecretVersion> versions = store.versions(name);
    if (versions.isEmpty()) {
      return notFound(name, null);
    }
    return Reply.json(200, SecretJson.page(SecretJson.items(vaultUrl.get(), versions, true)));
  }

  private static Reply notFound(String name, String version) {
    String id = version == null || version.isEmpty() ? name : name + "/" + version;
    return Reply.error(
        404,
        "SecretNotFound",
        "A secret with (name/id) "
            + id
            + " was not found in this key"
            + " vault. If you recently deleted this secret you may be able to recover it using the correct"
            + " recovery command. For help resolving this issue, please see"
            + " https://go.microsoft.com/fwlink/?linkid=2125182",
        null);
  }

  private Reply forbidden(String identity, String operation) {
    return Reply.error(
        403,
        "Forbidden",
        "The user, group or application 'appid="
            + identity
            + ";oid="
            + identity
            + ";iss=https://sts.windows.net/"
            + tenantId
            + "/' does not have secrets "
            + operation
            + " permission on key vault '"
            + vaultName
            + ";location=local'. For help resolving this issue,"
            + " please see https://go.microsoft.com/fwlink/?linkid=2125287",
        "AccessDenied");
  }
}
