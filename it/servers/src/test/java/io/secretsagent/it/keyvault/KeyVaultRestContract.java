package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds a vault to Key Vault's published REST reference, not to our own reading of it. The expected
 * bodies below are the response examples of the Azure REST API specification, repository
 * Azure/azure-rest-api-specs, folder {@code
 * specification/keyvault/data-plane/Microsoft.KeyVault/stable/7.4/examples/} (file named at each
 * test); the error shape is {@code KeyVaultError} in {@code .../stable/7.4/common.json}. Each test
 * compares the {@linkplain JsonShape shape} (field names and value kinds at every level) and the
 * status code.
 *
 * <p>Only the REST API is used, also to seed secrets, so the same contract runs against {@link
 * KeyVaultServer} ({@link KeyVaultServerContractTest}) and Lowkey Vault ({@link
 * LowkeyVaultContractTest}). Secret names get a random suffix, because a vault may outlive one
 * test.
 */
abstract class KeyVaultRestContract {

  /**
   * The id format of every example: vault, {@code /secrets/}, name, 32 lower-case hex characters.
   */
  private static final String VERSION = "[0-9a-f]{32}";

  /**
   * @return a client for the vault under test
   */
  abstract WireClient http();

  /**
   * @return a bearer token the vault accepts
   */
  abstract String token() throws Exception;

  /** GetSecret-example.json */
  @Test
  void getSecretVersionMatchesPublishedExample() throws Exception {
    String example =
        """
                {"value": "mysecretvalue",
                 "id": "https://myvault.vault.azure.net/secrets/mysecretname/4387e9f3d6e14c459867679a90fd0f79",
                 "attributes": {"enabled": true, "created": 1493938410, "updated": 1493938410,
                                "recoveryLevel": "Recoverable+Purgeable"}}""";
    String name = unique("mysecretname");
    String version = set(name, "mysecretvalue");

    HttpResponse<String> response = send("GET", "/secrets/" + name + "/" + version, null);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(JsonShape.of(example), JsonShape.of(response.body()));
    assertIdLike(example, "mysecretname", true);
    assertIdLike(response.body(), name, true);
    assertEquals("mysecretvalue", WireClient.json(response).get("value"));
  }

  /**
   * GetSecret-example.json without the version: the latest, with or without the SDK's trailing
   * slash.
   */
  @Test
  void getLatestWithAndWithoutTrailingSlash() throws Exception {
    String name = unique("mysecretname");
    set(name, "old");
    String latest = set(name, "new");

    for (String path : List.of("/secrets/" + name + "/", "/secrets/" + name)) {
      HttpResponse<String> response = send("GET", path, null);
      assertEquals(200, response.statusCode(), path);
      assertEquals("new", WireClient.json(response).get("value"), path);
      assertTrue(((String) WireClient.json(response).get("id")).endsWith("/" + latest), path);
    }
  }

  /** SetSecret-example.json: request {"value": "mysecretvalue"} */
  @Test
  void setSecretMatchesPublishedExample() throws Exception {
    String example =
        """
                {"value": "mysecretvalue",
                 "id": "https://myvault.vault.azure.net/secrets/crpsecret/03bcccc7c8cf4546a0e3e21e52560441",
                 "attributes": {"enabled": true, "created": 1493938459, "updated": 1493938459,
                                "recoveryLevel": "Recoverable+Purgeable"}}""";
    String name = unique("crpsecret");

    HttpResponse<String> first = send("PUT", "/secrets/" + name, "{\"value\": \"mysecretvalue\"}");
    HttpResponse<String> second = send("PUT", "/secrets/" + name, "{\"value\": \"mysecretvalue\"}");

    assertEquals(200, first.statusCode(), first.body());
    assertEquals(JsonShape.of(example), JsonShape.of(first.body()));
    assertIdLike(first.body(), name, true);
    assertNotEquals(
        WireClient.json(first).get("id"),
        WireClient.json(second).get("id"),
        "every set creates a new version");
  }

  /** UpdateSecret-example.json: the response carries no value. */
  @Test
  void updateSecretMatchesPublishedExample() throws Exception {
    String request =
        """
                {"tags": {"mytag": "myvalue"}, "contentType": "myContentType", "attributes": {"enabled": true}}""";
    String example =
        """
                {"id": "https://myvault.vault.azure.net/secrets/crpsecret/03bcccc7c8cf4546a0e3e21e52560441",
                 "contentType": "myContentType",
                 "attributes": {"enabled": true, "created": 1493938459, "updated": 1493938459,
                                "recoveryLevel": "Recoverable+Purgeable"},
                 "tags": {"mytag": "myvalue"}}""";
    String name = unique("crpsecret");
    String version = set(name, "v");

    HttpResponse<String> response = send("PATCH", "/secrets/" + name + "/" + version, request);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(JsonShape.of(example), JsonShape.of(response.body()));
    assertEquals(
        "myContentType",
        WireClient.json(send("GET", "/secrets/" + name + "/" + version, null)).get("contentType"));
  }

  /** GetSecretVersions-example.json: items carry the version in the id and no value. */
  @Test
  void getSecretVersionsMatchesPublishedExample() throws Exception {
    String exampleItem =
        """
                {"id": "https://myvault.vault.azure.net/secrets/listsecretversionstest/11a536561da34d6b8b452d880df58f3a",
                 "attributes": {"enabled": true, "created": 1481851699, "updated": 1481851699}}""";
    String name = unique("listsecretversionstest");
    set(name, "a");
    set(name, "b");

    HttpResponse<String> response = send("GET", "/secrets/" + name + "/versions", null);

    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> page = WireClient.json(response);
    assertEquals(Set.of("value", "nextLink"), page.keySet());
    List<?> items = (List<?>) page.get("value");
    assertEquals(2, items.size());
    for (Object item : items) {
      assertEquals(JsonShape.of(exampleItem), JsonShape.of(item));
      assertIdLike(new String(JsonCodec.write(item)), name, true);
    }
  }

  /** GetSecrets-example.json: items carry the id without version. */
  @Test
  void getSecretsMatchesPublishedExample() throws Exception {
    String exampleItem =
        """
                {"contentType": "plainText", "id": "https://myvault.vault.azure.net/secrets/listsecrettest0",
                 "attributes": {"enabled": true, "created": 1482189047, "updated": 1482189047}}""";
    String name = unique("listsecrettest0");
    send("PUT", "/secrets/" + name, "{\"value\": \"x\", \"contentType\": \"plainText\"}");

    HttpResponse<String> response = send("GET", "/secrets", null);

    assertEquals(200, response.statusCode(), response.body());
    Object item =
        ((List<?>) WireClient.json(response).get("value"))
            .stream()
                .filter(i -> ((String) ((Map<?, ?>) i).get("id")).endsWith("/" + name))
                .findFirst()
                .orElseThrow();
    assertEquals(JsonShape.of(exampleItem), JsonShape.of(item));
    assertIdLike(new String(JsonCodec.write(item)), name, false);
  }

  /** common.json KeyVaultError: {"error": {"code", "message", "innererror"?}}. */
  @Test
  void missingSecretIsKeyVaultError404() throws Exception {
    String name = unique("nosuchsecret");

    HttpResponse<String> response = send("GET", "/secrets/" + name + "/", null);

    assertEquals(404, response.statusCode());
    Map<?, ?> error = (Map<?, ?>) WireClient.json(response).get("error");
    assertEquals(Set.of("error"), WireClient.json(response).keySet());
    assertTrue(
        Set.of("code", "message", "innererror").containsAll(error.keySet()), error.toString());
    assertEquals("SecretNotFound", error.get("code"));
    assertTrue(((String) error.get("message")).contains(name), error.toString());
  }

  @Test
  void disabledSecretIsForbidden() throws Exception {
    String name = unique("off");
    String version = set(name, "v");
    send("PATCH", "/secrets/" + name + "/" + version, "{\"attributes\": {\"enabled\": false}}");

    HttpResponse<String> response = send("GET", "/secrets/" + name + "/", null);

    assertEquals(403, response.statusCode(), response.body());
    assertEquals("Forbidden", ((Map<?, ?>) WireClient.json(response).get("error")).get("code"));
  }

  /**
   * Key Vault's challenge: 401 with a Bearer WWW-Authenticate naming the authority and the vault
   * resource.
   */
  @Test
  void requestWithoutTokenGetsBearerChallenge() throws Exception {
    HttpResponse<String> response =
        http().get("/secrets/" + unique("s") + "/?" + WireClient.API, null);

    assertEquals(401, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(
        challenge.startsWith("Bearer authorization=\"")
            && challenge.contains("resource=\"https://vault.azure.net\""),
        challenge);
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http().send(method, path + "?" + WireClient.API, token(), body);
  }

  /**
   * @return the version created
   */
  private String set(String name, String value) throws Exception {
    HttpResponse<String> response =
        send("PUT", "/secrets/" + name, "{\"value\": \"" + value + "\"}");
    assertEquals(200, response.statusCode(), response.body());
    String id = (String) WireClient.json(response).get("id");
    return id.substring(id.lastIndexOf('/') + 1);
  }

  static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertIdLike(String json, String name, boolean withVersion) {
    String id = (String) JsonCodec.parseObject(json.getBytes()).get("id");
    Pattern pattern =
        Pattern.compile("https://[^/]+/secrets/" + name + (withVersion ? "/" + VERSION : ""));
    assertTrue(pattern.matcher(id).matches(), id + " should match " + pattern);
  }
}
