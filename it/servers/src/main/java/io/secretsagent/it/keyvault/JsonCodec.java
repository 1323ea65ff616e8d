package io.secretsagent.it.keyvault;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads and writes the server's JSON with azure-json, the same library the SDK uses. Objects are
 * plain {@code Map<String, Object>} trees: the wire format is small and the tests compare shapes,
 * not types.
 */
public final class JsonCodec {

  private JsonCodec() {}

  /**
   * @param json request body; empty means an empty object
   * @return the top-level object
   * @throws IllegalArgumentException if the body is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] json) {
    if (json.length == 0) {
      return Map.of();
    }
    try (JsonReader reader = JsonProviders.createReader(json)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("Expected a JSON object");
      }
      Object value = reader.readUntyped();
      return (Map<String, Object>) value;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "The request body is not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * @param value a map, list, string, number, boolean or null
   * @return its UTF-8 JSON encoding
   */
  public static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      writer.writeUntyped(value);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
