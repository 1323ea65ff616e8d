package io.secretsagent.it.keyvault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Key Vault wire format for secrets (api-version 7.x): bundles, list items, and request bodies.
 * Field names and the id format follow the published REST examples (see {@code
 * KeyVaultRestContractTest}).
 */
final class SecretJson {

  private SecretJson() {}

  /**
   * A {@code SecretBundle}: {@code value}, {@code id} ({@code <vault>/secrets/<name>/<version>}),
   * {@code contentType}, {@code tags} and {@code attributes}.
   *
   * @param withValue false for update responses, which carry no value
   */
  static Map<String, Object> bundle(String vaultUrl, SecretVersion secret, boolean withValue) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (withValue) {
      json.put("value", secret.value());
    }
    json.put("id", vaultUrl + "/secrets/" + secret.name() + "/" + secret.version());
    putOptional(json, secret);
    json.put("attributes", attributes(secret, true));
    return json;
  }

  /**
   * A {@code SecretItem} of a listing: no value; the id carries the version only in a versions
   * listing.
   */
  static Map<String, Object> item(String vaultUrl, SecretVersion secret, boolean withVersion) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "id", vaultUrl + "/secrets/" + secret.name() + (withVersion ? "/" + secret.version() : ""));
    putOptional(json, secret);
    json.put("attributes", attributes(secret, false));
    return json;
  }

  /** A listing page: {@code {"value": [...], "nextLink": null}} (everything fits on one page). */
  static Map<String, Object> page(List<Map<String, Object>> items) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("value", items);
    json.put("nextLink", null);
    return json;
  }

  /**
   * Reads a set or update body: {@code value}, {@code contentType}, {@code tags}, {@code
   * attributes: {enabled, nbf, exp}}.
   */
  @SuppressWarnings("unchecked")
  static SecretChange change(Map<String, Object> body) {
    Map<String, Object> attributes =
        (Map<String, Object>) body.getOrDefault("attributes", Map.of());
    Map<String, String> tags = null;
    if (body.get("tags") instanceof Map<?, ?> raw) {
      tags = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        tags.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
    }
    return new SecretChange(
        (String) body.get("value"),
        (String) body.get("contentType"),
        tags,
        (Boolean) attributes.get("enabled"),
        seconds(attributes.get("nbf")),
        seconds(attributes.get("exp")));
  }

  private static void putOptional(Map<String, Object> json, SecretVersion secret) {
    if (secret.contentType() != null) {
      json.put("contentType", secret.contentType());
    }
    if (!secret.tags().isEmpty()) {
      json.put("tags", new LinkedHashMap<>(secret.tags()));
    }
  }

  private static Map<String, Object> attributes(SecretVersion secret, boolean withRecovery) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("enabled", secret.enabled());
    if (secret.notBefore() != null) {
      json.put("nbf", secret.notBefore());
    }
    if (secret.expires() != null) {
      json.put("exp", secret.expires());
    }
    json.put("created", secret.created());
    json.put("updated", secret.updated());
    if (withRecovery) {
      json.put("recoveryLevel", "Recoverable+Purgeable");
    }
    return json;
  }

  private static Long seconds(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  static List<Map<String, Object>> items(
      String vaultUrl, List<SecretVersion> secrets, boolean withVersion) {
    List<Map<String, Object>> items = new ArrayList<>();
    secrets.forEach(s -> items.add(item(vaultUrl, s, withVersion)));
    return items;
  }
}
