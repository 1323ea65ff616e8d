package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds the server to Key Vault's published REST reference, not to our own reading of it. The expected
 * bodies below are the response examples of the Azure REST API specification, repository
 * Azure/azure-rest-api-specs, folder
 * {@code specification/keyvault/data-plane/Microsoft.KeyVault/stable/7.4/examples/} (file named at each
 * test); the error shape is {@code KeyVaultError} in {@code .../stable/7.4/common.json}. Each test compares
 * the {@linkplain JsonShape shape} (field names and value kinds at every level) and the status code.
 */
class KeyVaultRestContractTest {

    /** The id format of every example: vault, {@code /secrets/}, name, 32 lower-case hex characters. */
    private static final String VERSION = "[0-9a-f]{32}";

    private static KeyVaultServer server;
    private static VaultHttp http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
        http = new VaultHttp(server);
        token = http.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.secrets().clear();
    }

    /** GetSecret-example.json */
    @Test
    void getSecretVersionMatchesPublishedExample() throws Exception {
        String example = """
                {"value": "mysecretvalue",
                 "id": "https://myvault.vault.azure.net/secrets/mysecretname/4387e9f3d6e14c459867679a90fd0f79",
                 "attributes": {"enabled": true, "created": 1493938410, "updated": 1493938410,
                                "recoveryLevel": "Recoverable+Purgeable"}}""";
        SecretVersion secret = server.secrets().set("mysecretname", "mysecretvalue");

        HttpResponse<String> response = http.get("/secrets/mysecretname/" + secret.version() + "?" + VaultHttp.API, token);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JsonShape.of(example), JsonShape.of(response.body()));
        assertIdLike(example, "mysecretname", true);
        assertIdLike(response.body(), "mysecretname", true);
        assertEquals("mysecretvalue", VaultHttp.json(response).get("value"));
    }

    /** GetSecret-example.json without the version: the latest, with or without the SDK's trailing slash. */
    @Test
    void getLatestWithAndWithoutTrailingSlash() throws Exception {
        server.secrets().set("mysecretname", "old");
        SecretVersion latest = server.secrets().set("mysecretname", "new");

        for (String path : List.of("/secrets/mysecretname/", "/secrets/mysecretname")) {
            HttpResponse<String> response = http.get(path + "?" + VaultHttp.API, token);
            assertEquals(200, response.statusCode(), path);
            assertEquals("new", VaultHttp.json(response).get("value"), path);
            assertTrue(((String) VaultHttp.json(response).get("id")).endsWith("/" + latest.version()), path);
        }
    }

    /** SetSecret-example.json: request {"value": "mysecretvalue"} */
    @Test
    void setSecretMatchesPublishedExample() throws Exception {
        String example = """
                {"value": "mysecretvalue",
                 "id": "https://myvault.vault.azure.net/secrets/crpsecret/03bcccc7c8cf4546a0e3e21e52560441",
                 "attributes": {"enabled": true, "created": 1493938459, "updated": 1493938459,
                                "recoveryLevel": "Recoverable+Purgeable"}}""";

        HttpResponse<String> first = http.send("PUT", "/secrets/crpsecret?" + VaultHttp.API, token,
                "{\"value\": \"mysecretvalue\"}");
        HttpResponse<String> second = http.send("PUT", "/secrets/crpsecret?" + VaultHttp.API, token,
                "{\"value\": \"mysecretvalue\"}");

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(JsonShape.of(example), JsonShape.of(first.body()));
        assertIdLike(first.body(), "crpsecret", true);
        assertTrue(!VaultHttp.json(first).get("id").equals(VaultHttp.json(second).get("id")),
                "every set creates a new version");
        assertEquals(2, server.secrets().versions("crpsecret").size());
    }

    /** UpdateSecret-example.json: the response carries no value. */
    @Test
    void updateSecretMatchesPublishedExample() throws Exception {
        String request = """
                {"tags": {"mytag": "myvalue"}, "contentType": "myContentType", "attributes": {"enabled": true}}""";
        String example = """
                {"id": "https://myvault.vault.azure.net/secrets/crpsecret/03bcccc7c8cf4546a0e3e21e52560441",
                 "contentType": "myContentType",
                 "attributes": {"enabled": true, "created": 1493938459, "updated": 1493938459,
                                "recoveryLevel": "Recoverable+Purgeable"},
                 "tags": {"mytag": "myvalue"}}""";
        SecretVersion secret = server.secrets().set("crpsecret", "v");

        HttpResponse<String> response = http.send("PATCH", "/secrets/crpsecret/" + secret.version() + "?"
                + VaultHttp.API, token, request);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JsonShape.of(example), JsonShape.of(response.body()));
        assertEquals("myContentType", server.secrets().latest("crpsecret").orElseThrow().contentType());
    }

    /** GetSecretVersions-example.json: items carry the version in the id and no value. */
    @Test
    void getSecretVersionsMatchesPublishedExample() throws Exception {
        String exampleItem = """
                {"id": "https://myvault.vault.azure.net/secrets/listsecretversionstest/11a536561da34d6b8b452d880df58f3a",
                 "attributes": {"enabled": true, "created": 1481851699, "updated": 1481851699}}""";
        server.secrets().set("listsecretversionstest", "a");
        server.secrets().set("listsecretversionstest", "b");

        HttpResponse<String> response = http.get("/secrets/listsecretversionstest/versions?" + VaultHttp.API, token);

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> page = VaultHttp.json(response);
        assertEquals(Set.of("value", "nextLink"), page.keySet());
        List<?> items = (List<?>) page.get("value");
        assertEquals(2, items.size());
        for (Object item : items) {
            assertEquals(JsonShape.of(exampleItem), JsonShape.of(item));
            assertIdLike(JsonCodec.write(item), "listsecretversionstest", true);
        }
    }

    /** GetSecrets-example.json: items carry the id without version. */
    @Test
    void getSecretsMatchesPublishedExample() throws Exception {
        String exampleItem = """
                {"contentType": "plainText", "id": "https://myvault.vault.azure.net/secrets/listsecrettest0",
                 "attributes": {"enabled": true, "created": 1482189047, "updated": 1482189047}}""";
        server.secrets().set("listsecrettest0", SecretChange.value("x").withContentType("plainText"));

        HttpResponse<String> response = http.get("/secrets?" + VaultHttp.API, token);

        assertEquals(200, response.statusCode(), response.body());
        List<?> items = (List<?>) VaultHttp.json(response).get("value");
        assertEquals(1, items.size());
        assertEquals(JsonShape.of(exampleItem), JsonShape.of(items.get(0)));
        assertIdLike(JsonCodec.write(items.get(0)), "listsecrettest0", false);
    }

    /** common.json KeyVaultError: {"error": {"code", "message", "innererror"?}}. */
    @Test
    void missingSecretIsKeyVaultError404() throws Exception {
        HttpResponse<String> response = http.get("/secrets/nosuchsecret/?" + VaultHttp.API, token);

        assertEquals(404, response.statusCode());
        assertEquals("{error:{code:string,message:string}}", JsonShape.of(response.body()));
        Map<?, ?> error = (Map<?, ?>) VaultHttp.json(response).get("error");
        assertEquals("SecretNotFound", error.get("code"));
        assertTrue(((String) error.get("message")).startsWith("A secret with (name/id) nosuchsecret was not found"));
    }

    @Test
    void disabledSecretIsForbiddenWithInnerErrorSecretDisabled() throws Exception {
        server.secrets().set("off", SecretChange.value("v").withEnabled(false));

        HttpResponse<String> response = http.get("/secrets/off/?" + VaultHttp.API, token);

        assertEquals(403, response.statusCode());
        assertEquals("{error:{code:string,innererror:{code:string},message:string}}", JsonShape.of(response.body()));
        Map<?, ?> error = (Map<?, ?>) VaultHttp.json(response).get("error");
        assertEquals("Forbidden", error.get("code"));
        assertEquals("SecretDisabled", ((Map<?, ?>) error.get("innererror")).get("code"));
        assertEquals("Operation get is not allowed on a disabled secret.", error.get("message"));
    }

    /** Key Vault's challenge: 401, empty body, WWW-Authenticate naming the tenant and the vault resource. */
    @Test
    void requestWithoutTokenGetsBearerChallenge() throws Exception {
        server.secrets().set("s", "v");

        HttpResponse<String> response = http.get("/secrets/s/?" + VaultHttp.API, null);

        assertEquals(401, response.statusCode());
        assertEquals("", response.body());
        assertEquals("Bearer authorization=\"https://login.microsoftonline.com/" + server.tenantId()
                + "\", resource=\"https://vault.azure.net\"",
                response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void tokenNotIssuedByServerIsRejected() throws Exception {
        server.secrets().set("s", "v");

        HttpResponse<String> response = http.get("/secrets/s/?" + VaultHttp.API, "kvtest.forged");

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals("Unauthorized", ((Map<?, ?>) VaultHttp.json(response).get("error")).get("code"));
    }

    private static void assertIdLike(Object json, String name, boolean withVersion) {
        String text = json instanceof byte[] bytes ? new String(bytes) : (String) json;
        String id = (String) JsonCodec.parseObject(text.getBytes()).get("id");
        Pattern pattern = Pattern.compile("https://[^/]+/secrets/" + name + (withVersion ? "/" + VERSION : ""));
        assertTrue(pattern.matcher(id).matches(), id + " should match " + pattern);
    }
}
