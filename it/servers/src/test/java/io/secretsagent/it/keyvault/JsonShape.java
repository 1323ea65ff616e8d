package io.secretsagent.it.keyvault;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a JSON value: field names and value kinds, values left out. Two documents with the
 * same shape have the same field names at every level and the same kinds of values, e.g. {@code
 * {attributes:{enabled:boolean},id:string}}. Fields are sorted; an array shows its first element.
 */
final class JsonShape {

  private JsonShape() {}

  static String of(String json) {
    return of(JsonCodec.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  static String of(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      new TreeMap<>(map)
          .forEach(
              (k, v) ->
                  out.append(out.length() > 1 ? "," : "").append(k).append(':').append(of(v)));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "[]" : "[" + of(list.get(0)) + "]";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return value == null ? "null" : "string";
  }
}
