package io.secretsagent.it.keyvault;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to write: status, headers and body. Immutable; {@link #withHeader} returns a copy.
 *
 * @param status HTTP status
 * @param headers response headers (single-valued)
 * @param body response body, possibly empty
 */
public record Reply(int status, Map<String, String> headers, byte[] body) {

  private static final byte[] EMPTY = new byte[0];

  /**
   * @return a JSON reply with {@code value} as body
   */
  public static Reply json(int status, Object value) {
    return new Reply(
        status, Map.of("Content-Type", "application/json; charset=utf-8"), JsonCodec.write(value));
  }

  /**
   * @return a reply with no body
   */
  public static Reply empty(int status) {
    return new Reply(status, Map.of(), EMPTY);
  }

  /**
   * @return a plain-text reply
   */
  static Reply text(int status, String text) {
    return new Reply(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8"),
        text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An Azure-shaped error: {@code {"error":{"code":..,"message":..,"innererror":{"code":..}}}}.
   *
   * @param innerCode the inner error code, or {@code null} for none
   */
  static Reply error(int status, String code, String message, String innerCode) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (innerCode != null) {
      error.put("innererror", Map.of("code", innerCode));
    }
    return json(status, Map.of("error", error));
  }

  /** Writes the reply to the exchange and closes it. */
  public void send(HttpExchange exchange) throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean noBody = body.length == 0;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  /**
   * @return a copy with the header added
   */
  public Reply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, copy, body);
  }
}
