package io.secretsagent.internal.backend.file;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.Fuzz;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the JSON file backend with mutated, truncated, deeply nested, huge and odd-Unicode files
 * whose values are secrets: the file is served or refused with a configuration error (status 78)
 * that names the file and never quotes its content; nothing else is thrown.
 */
class FileBackendFuzzTest {

  private static final String VALID =
      "{\"db-password\": \""
          + Fuzz.MARKER
          + "\", \"db\": {\"username\": \"app\", \"password\": \""
          + Fuzz.MARKER
          + "\", \"port\": 5432, \"tls\": true, \"hosts\": [\"a\", \"b\"]}, \"jwt-key\": \"\\u00e9"
          + Fuzz.MARKER
          + "\"}";

  @TempDir static Path dir;

  @BeforeAll
  static void quiet() {
    Log.setLevel(Log.Level.ERROR); // the file backend warns on every start
  }

  @AfterAll
  static void restore() {
    Log.setLevel(Log.Level.INFO);
  }

  @Test
  void everyFileIsServedOrRefusedNamingTheFileAndNeverQuotingIt() {
    Path file = dir.resolve("secrets.json");
    int[] outcomes = new int[2];
    Fuzz.fromSeed(600L)
        .run(
            "JSON file backend",
            Fuzz.cases(2_000),
            Duration.ofSeconds(10),
            fuzz -> {
              byte[] content = content(fuzz);
              Files.write(file, content);
              Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
              String input = Fuzz.show(new String(content, StandardCharsets.UTF_8));
              FileBackend backend;
              try {
                backend = new FileBackend(file, false);
              } catch (ConfigException e) {
                check(e.getMessage(), file, input);
                outcomes[1]++;
                return;
              }
              outcomes[0]++;
              for (String name : List.of("db-password", "db", "jwt-key", "missing")) {
                try {
                  assertTrue(backend.fetch(new SecretRef(name, null)).value() != null, input);
                } catch (BackendException e) {
                  check(e.getMessage(), file, input);
                }
              }
            });
    System.out.println(
        "JSON file backend fuzz: " + outcomes[0] + " files served, " + outcomes[1] + " refused");
    assertTrue(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes exercised");
  }

  private static void check(String message, Path file, String input) {
    assertFalse(message == null || message.isBlank(), "empty message for " + input);
    assertTrue(
        message.contains(file.toString()),
        "'" + Fuzz.show(message) + "' does not name the file, for " + input);
    assertFalse(
        message.contains(Fuzz.MARKER) || message.contains("MARKER"),
        "content quoted: " + Fuzz.show(message));
  }

  private static byte[] content(Fuzz fuzz) {
    String json =
        switch (fuzz.nextInt(7)) {
          case 0 -> fuzz.mutate(VALID);
          case 1 -> VALID.substring(0, fuzz.nextInt(VALID.length() + 1));
          case 2 -> nested(fuzz);
          case 3 ->
              "{\"big\": \""
                  + Fuzz.MARKER.repeat(fuzz.nextInt(1, 50_000))
                  + "\""
                  + (fuzz.chance(0.5) ? "}" : "");
          case 4 ->
              "{\""
                  + fuzz.fragment()
                  + "\": \""
                  + fuzz.pick(
                      List.of("\\ud800", "\\udfff\\ud800", "\\u0000", "\\uZZZZ", "\\", "\u2028"))
                  + Fuzz.MARKER
                  + "\"}";
          case 5 -> fuzz.mutate(fuzz.mutate(VALID)) + fuzz.fragment();
          default ->
              fuzz.pick(
                  List.of(
                      "",
                      "[]",
                      "null",
                      "\"" + Fuzz.MARKER + "\"",
                      "{}",
                      "{}{}",
                      "{\"a\": \"" + Fuzz.MARKER + "\"} x",
                      "{\"a\": 1e999999}",
                      "{\"a\": -}",
                      "\ufeff" + VALID,
                      "{\"a\": \"" + Fuzz.MARKER + "\", \"a\": \"b\"}"));
        };
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (fuzz.chance(0.05) && bytes.length > 0) {
      bytes[fuzz.nextInt(bytes.length)] = (byte) (0x80 | fuzz.nextInt(0x80)); // not UTF-8
    }
    return bytes;
  }

  /** Objects and arrays nested up to 50,000 deep, closed or not, with a secret at the bottom. */
  private static String nested(Fuzz fuzz) {
    int depth = fuzz.chance(0.5) ? fuzz.nextInt(1, 2_000) : fuzz.nextInt(2_000, 50_000);
    boolean arrays = fuzz.chance(0.5);
    StringBuilder b = new StringBuilder("{\"deep\": ");
    for (int i = 0; i < depth; i++) {
      b.append(arrays ? "[" : "{\"k\": ");
    }
    b.append('"').append(Fuzz.MARKER).append('"');
    if (fuzz.chance(0.7)) {
      for (int i = 0; i < depth; i++) {
        b.append(arrays ? "]" : "}");
      }
      b.append('}');
    }
    return b.toString();
  }
}
