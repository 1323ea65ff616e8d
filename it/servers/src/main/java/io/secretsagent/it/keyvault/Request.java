package io.secretsagent.it.keyvault;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request, read in full so that handlers are plain functions from {@code Request} to
 * {@link Reply}.
 *
 * @param method upper-case HTTP method
 * @param path decoded path, without the query
 * @param query decoded query parameters (the first value of each name)
 * @param headers request headers (case-insensitive)
 * @param body request body, possibly empty
 */
public record Request(
    String method, String path, Map<String, String> query, Headers headers, byte[] body) {

  public static Request read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new Request(
        exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
        exchange.getRequestURI().getPath(),
        parseQuery(exchange.getRequestURI().getRawQuery()),
        exchange.getRequestHeaders(),
        body);
  }

  /**
   * @return the header's first value, or {@code null}
   */
  public String header(String name) {
    return headers.getFirst(name);
  }

  /**
   * @return the query parameter, or {@code null}
   */
  public String query(String name) {
    return query.get(name);
  }

  /**
   * @return the body as a JSON object
   */
  public Map<String, Object> json() {
    return JsonCodec.parseObject(body);
  }

  /**
   * @return the form-encoded body's fields (for OAuth token requests)
   */
  Map<String, String> form() {
    return parseQuery(new String(body, StandardCharsets.UTF_8));
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      result.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return result;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
