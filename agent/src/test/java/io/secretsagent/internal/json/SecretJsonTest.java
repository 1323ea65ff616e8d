package io.secretsagent.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SecretJsonTest {

  @Test
  void readsMembersDecodedOrAsCompactJson() throws Exception {
    Map<String, SecretJson.Value> members =
        SecretJson.parseObject(
            "\uFEFF { \"s\": \"a\\u0041\\n\", \"n\": -1.5e3, \"b\": true, \"z\": null,"
                + " \"o\": {\"k\": [1, {\"x\": \"y\"}]} }");
    assertEquals(new SecretJson.Value(SecretJson.Kind.STRING, "aA\n"), members.get("s"));
    assertEquals(new SecretJson.Value(SecretJson.Kind.NUMBER, "-1.5e3"), members.get("n"));
    assertEquals(new SecretJson.Value(SecretJson.Kind.BOOLEAN, "true"), members.get("b"));
    assertEquals(SecretJson.Kind.NULL, members.get("z").kind());
    assertEquals(
        new SecretJson.Value(SecretJson.Kind.OBJECT, "{\"k\":[1,{\"x\":\"y\"}]}"),
        members.get("o"));
    assertEquals(List.of("s", "n", "b", "z", "o"), List.copyOf(members.keySet()));
  }

  @Test
  void refusesWhatRfc8259Refuses() {
    for (String json :
        List.of(
            "{\"a\": 01}",
            "{\"a\": .5}",
            "{\"a\": \"x\",}",
            "{'a': 1}",
            "{\"a\": \"\t\"}",
            "{\"a\": tru}",
            "{\"a\": NaN}",
            "{\"a\": \"\\x\"}",
            "{\"a\": 1} x",
            "[1]",
            "")) {
      assertThrows(JsonSyntaxException.class, () -> SecretJson.parseObject(json), json);
    }
  }

  @Test
  void aDuplicateNameIsReportedWithItsPosition() {
    JsonSyntaxException e =
        assertThrows(
            JsonSyntaxException.class,
            () -> SecretJson.parseObject("{\"o\": {\"k\": 1,\n \"k\": 2}}"));
    assertEquals(JsonSyntaxException.Problem.DUPLICATE, e.problem());
    assertEquals("k", e.duplicateName());
    assertEquals("a member name given twice at line 2, column 2", e.getMessage());
  }

  /** The JVM records exception messages: they hold a position and a reason, never input. */
  @Test
  void messagesNeverHoldInput() {
    String secret = "Zq9secretvalue";
    String[] parts = {"{", "}", "[", "]", "\"", ":", ",", secret, "\\u12", "1e", "\n", "{\"x\":"};
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder json = new StringBuilder();
      for (int n = random.nextInt(1, 12); n > 0; n--) {
        json.append(parts[random.nextInt(parts.length)]);
      }
      try {
        SecretJson.parseObject(json.toString());
      } catch (JsonSyntaxException e) {
        assertFalse(e.getMessage().contains("Zq9"), json + " -> " + e.getMessage());
      }
    }
  }
}
