package io.secretsagent.internal.store;

import io.secretsagent.internal.json.JsonSyntaxException;
import io.secretsagent.internal.json.SecretJson;
import io.secretsagent.spi.BackendException;
import java.util.Map;

/**
 * Selects a field of a JSON-object secret, for {@code NAME=secret#field}. The value is read with
 * {@link SecretJson}, which never quotes its input in an exception: a value that is not JSON (a
 * plain password) must not reach the JVM's exception records.
 */
final class JsonField {

  private JsonField() {}

  /**
   * @throws BackendException naming the secret and field (never the value) when the value is not a
   *     JSON object or has no such string, number or boolean field
   */
  static String select(String secretJson, String field, String secretName) throws BackendException {
    Map<String, SecretJson.Value> members;
    try {
      members = SecretJson.parseObject(secretJson);
    } catch (JsonSyntaxException e) {
      throw invalid(
          secretName,
          field,
          switch (e.problem()) {
            case NOT_AN_OBJECT -> "its value is not a JSON object";
            case DUPLICATE -> "its value names the field '" + e.duplicateName() + "' twice";
            default -> "its value is not valid JSON (" + e.reason() + ")";
          });
    }
    SecretJson.Value value = members.get(field);
    if (value == null) {
      throw new BackendException(
          BackendException.Kind.NOT_FOUND,
          "secret '"
              + secretName
              + "' has no field '"
              + field
              + "' (its fields: "
              + (members.isEmpty() ? "none" : String.join(", ", members.keySet()))
              + "); add it to the secret's JSON value or fix the #field in the key list");
    }
    return switch (value.kind()) {
      case STRING, NUMBER, BOOLEAN -> value.text();
      default -> throw invalid(secretName, field, "the field is not a string, number or boolean");
    };
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
