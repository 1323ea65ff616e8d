package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link KeyVaultRestContract} against {@link KeyVaultServer}, plus what only this server
 * promises exactly: the challenge text, the disabled-secret error, rejection of tokens it did not
 * issue.
 */
class KeyVaultServerContractTest extends KeyVaultRestContract {

  private static KeyVaultServer server;
  private static WireClient http;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start();
    http = new WireClient(server);
    token = http.token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  WireClient http() {
    return http;
  }

  @Override
  String token() {
    return token;
  }

  @Test
  void challengeNamesTenantAndHasEmptyBody() throws Exception {
    HttpResponse<String> response = http.get("/secrets/s/?" + WireClient.API, null);

    assertEquals(401, response.statusCode());
    assertEquals("", response.body());
    assertEquals(
        "Bearer authorization=\"https://login.microsoftonline.com/"
            + server.tenantId()
            + "\", resource=\"https://vault.azure.net\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
  }

  @Test
  void disabledSecretHasInnerErrorSecretDisabled() throws Exception {
    String name = unique("off");
    server.secrets().set(name, SecretChange.value("v").withEnabled(false));

    HttpResponse<String> response = send("GET", "/secrets/" + name + "/", null);

    assertEquals(
        "{error:{code:string,innererror:{code:string},message:string}}",
        JsonShape.of(response.body()));
    Map<?, ?> error = (Map<?, ?>) WireClient.json(response).get("error");
    assertEquals("SecretDisabled", ((Map<?, ?>) error.get("innererror")).get("code"));
    assertEquals("Operation get is not allowed on a disabled secret.", error.get("message"));
  }

  @Test
  void tokenNotIssuedByServerIsRejected() throws Exception {
    HttpResponse<String> response = http.get("/secrets/s/?" + WireClient.API, "kvtest.forged");

    assertEquals(401, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals("Unauthorized", ((Map<?, ?>) WireClient.json(response).get("error")).get("code"));
  }

  @Test
  void missingSecretMessageMatchesService() throws Exception {
    HttpResponse<String> response = send("GET", "/secrets/nosuchsecret/", null);

    assertEquals("{error:{code:string,message:string}}", JsonShape.of(response.body()));
    assertTrue(
        ((String) ((Map<?, ?>) WireClient.json(response).get("error")).get("message"))
            .startsWith("A secret with (name/id) nosuchsecret was not found in this key vault."));
  }
}
