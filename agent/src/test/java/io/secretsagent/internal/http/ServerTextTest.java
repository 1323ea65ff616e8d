package io.secretsagent.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12 item 1: no credential shape survives in a quoted server text. */
class ServerTextTest {

  static final String SECRET = "TOPSECRET1234";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "permission denied for token hvs.TOPSECRET1234",
        "legacy token s.TOPSECRET1234abcdefghijkl denied",
        "X-Vault-Token: TOPSECRET1234",
        "header X-Vault-Token=TOPSECRET1234 refused",
        "Authorization: Bearer TOPSECRET1234",
        "sent authorization=Basic TOPSECRET1234",
        "expected bearer TOPSECRET1234 to be valid",
        "client_token=TOPSECRET1234&x=1",
        "pwd=TOPSECRET1234",
        "secret=TOPSECRET1234",
        "apikey=TOPSECRET1234",
        "grant_type=x&client_secret%3DTOPSECRET1234%26scope",
        "{\"value\":\"TOPSECRET1234\"}",
        "{\"password\": \"correct horse TOPSECRET1234 staple\"}",
        "{'db_password': 'a b TOPSECRET1234'}",
        "body %22password%22%3A%22a%20TOPSECRET1234%22",
        "jwt: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.TOPSECRET1234"
      })
  void noCredentialShapeSurvives(String text) {
    String excerpt = ServerText.excerpt(text);
    assertFalse(excerpt.contains(SECRET), excerpt);
    assertFalse(excerpt.contains("horse"), excerpt);
  }

  @Test
  void aHeldCredentialIsRemovedWhateverItsShape() {
    String token = "opaque:with spaces+and/odd=chars";
    assertEquals(
        "denied for [redacted] and [redacted] and [redacted]",
        ServerText.excerpt(
            "denied for "
                + token
                + " and opaque%3Awith+spaces%2Band%2Fodd%3Dchars and"
                + " opaque%3Awith%20spaces%2Band%2Fodd%3Dchars",
            List.of(token)));
  }

  @Test
  void quotesAndKeysAreKeptOnlyTheValueGoes() {
    assertEquals(
        "{\"password\": \"[redacted]\", \"user\": \"app\"} X-Vault-Token: [redacted]",
        ServerText.excerpt(
            "{\"password\": \"correct horse battery staple\", \"user\": \"app\"}"
                + " X-Vault-Token: [redacted]"));
    assertEquals(
        "permission denied for token [redacted] Authorization: Bearer [redacted]",
        ServerText.excerpt(
            "permission denied for token hvs.TOPSECRETTOKEN123 Authorization: Bearer"
                + " hvs.TOPSECRETTOKEN123"));
  }

  @Test
  void ordinaryTextStays() {
    String text =
        "1 error occurred: * permission denied; no handler for route \"secret/data/x\"."
            + " route entry not found; users.list failed: status=403";
    assertEquals(text, ServerText.excerpt(text));
  }
}
