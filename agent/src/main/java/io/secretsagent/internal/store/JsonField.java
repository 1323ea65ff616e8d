package io.secretsagent.internal.store;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import io.secretsagent.spi.BackendException;
import java.io.IOException;

/** Selects a field of a JSON-object secret, for {@code NAME=secret#field}. */
final class JsonField {

  private JsonField() {}

  /**
   * @throws BackendException naming the secret and field (never the value) when the value is not a
   *     JSON object or has no such string, number or boolean field
   */
  static String select(String secretJson, String field, String secretName) throws BackendException {
    java.util.List<String> present = new java.util.ArrayList<>();
    try (JsonReader reader = JsonProviders.createReader(secretJson)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(secretName, field, "its value is not a JSON object");
      }
      while (reader.nextToken() == JsonToken.FIELD_NAME) {
        String name = reader.getFieldName();
        present.add(name);
        JsonToken token = reader.nextToken();
        if (!name.equals(field)) {
          reader.skipChildren();
        } else if (token == JsonToken.STRING
            || token == JsonToken.NUMBER
            || token == JsonToken.BOOLEAN) {
          return reader.getText();
        } else {
          throw invalid(secretName, field, "the field is not a string, number or boolean");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw invalid(secretName, field, "its value is not valid JSON");
    }
    throw new BackendException(
        BackendException.Kind.NOT_FOUND,
        "secret '"
            + secretName
            + "' has no field '"
            + field
            + "' (its fields: "
            + (present.isEmpty() ? "none" : String.join(", ", present))
            + "); add it to the secret's JSON value or fix the #field in the key list");
  }

  private static BackendException invalid(String secretName, String field, String why) {
    return new BackendException(
        BackendException.Kind.INVALID,
        "cannot select field '"
            + field
            + "' of secret '"
            + secretName
            + "': "
            + why
            + "; store a JSON object, or drop #"
            + field);
  }
}
