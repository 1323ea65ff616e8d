package io.secretsagent.internal.json;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A strict JSON (RFC 8259) reader for text that holds secrets: a secrets file, or a secret's value
 * read for {@code NAME=secret#field}. Unlike a general parser, it never puts input into an
 * exception: the JVM records every exception constructed, with its message, in {@code
 * -Xlog:exceptions}, JFR and profilers, so a message that quoted a malformed secret would leak it
 * there. Its errors give a line, a column and a reason, and nothing else.
 *
 * <p>It reads one object and refuses duplicate member names (which parsers resolve differently: the
 * first or the last wins). A leading UTF-8 byte-order mark is skipped. A member's value is kept as
 * text: a string decoded, a number or literal as written, an object or array as compact JSON (the
 * input without the whitespace between tokens).
 */
public final class SecretJson {

  private static final int MAX_DEPTH = 64;

  /** The kind of a member's value. */
  public enum Kind {
    STRING,
    NUMBER,
    BOOLEAN,
    NULL,
    OBJECT,
    ARRAY
  }

  /** A member's value: a decoded string, or the JSON text of anything else. */
  public record Value(Kind kind, String text) {
    @Override
    public String toString() {
      return kind + " value"; // never the text: it may be a secret
    }
  }

  private final String json;
  private int pos;
  private int depth;

  private SecretJson(String json) {
    this.json = json;
  }

  /**
   * The members of the JSON object that {@code json} holds, in order.
   *
   * @throws JsonSyntaxException when the text is not exactly one JSON object, or an object in it
   *     has a member name twice
   */
  public static Map<String, Value> parseObject(String json) throws JsonSyntaxException {
    SecretJson reader = new SecretJson(json);
    if (json.startsWith("\uFEFF")) {
      reader.pos = 1;
    }
    reader.skipWhitespace();
    if (reader.pos >= json.length() || json.charAt(reader.pos) != '{') {
      throw reader.error(JsonSyntaxException.Problem.NOT_AN_OBJECT, "not a JSON object", null);
    }
    Map<String, Value> members = reader.object(null);
    reader.skipWhitespace();
    if (reader.pos < json.length()) {
      throw reader.error(
          JsonSyntaxException.Problem.TRAILING_CONTENT, "content after the JSON object", null);
    }
    return members;
  }

  /** Reads an object; copies it compactly into {@code out} when given, else collects members. */
  private Map<String, Value> object(StringBuilder out) throws JsonSyntaxException {
    enter();
    Map<String, Value> members = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    expect('{', out);
    skipWhitespace();
    if (peek() == '}') {
      expect('}', out);
      depth--;
      return members;
    }
    while (true) {
      skipWhitespace();
      int nameAt = pos;
      if (peek() != '"') {
        throw error(JsonSyntaxException.Problem.SYNTAX, "expected a member name", null);
      }
      String name = string(out);
      if (!names.add(name)) {
        pos = nameAt;
        throw error(JsonSyntaxException.Problem.DUPLICATE, "a member name given twice", name);
      }
      skipWhitespace();
      expect(':', out);
      skipWhitespace();
      if (out != null) {
        value(out);
      } else {
        members.put(name, member());
      }
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        expect(',', out);
      } else if (c == '}') {
        expect('}', out);
        depth--;
        return members;
      } else {
        throw error(JsonSyntaxException.Problem.SYNTAX, "expected ',' or '}'", null);
      }
    }
  }

  /** A top-level member's value. */
  private Value member() throws JsonSyntaxException {
    char c = peek();
    if (c == '"') {
      return new Value(Kind.STRING, string(null));
    }
    StringBuilder out = new StringBuilder();
    Kind kind = value(out);
    return new Value(kind, out.toString());
  }

  private Kind value(StringBuilder out) throws JsonSyntaxException {
    char c = peek();
    switch (c) {
      case '{' -> {
        object(out);
        return Kind.OBJECT;
      }
      case '[' -> {
        array(out);
        return Kind.ARRAY;
      }
      case '"' -> {
        string(out);
        return Kind.STRING;
      }
      case 't' -> {
        literal("true", out);
        return Kind.BOOLEAN;
      }
      case 'f' -> {
        literal("false", out);
        return Kind.BOOLEAN;
      }
      case 'n' -> {
        literal("null", out);
        return Kind.NULL;
      }
      default -> {
        number(out);
        return Kind.NUMBER;
      }
    }
  }

  private void array(StringBuilder out) throws JsonSyntaxException {
    enter();
    expect('[', out);
    skipWhitespace();
    if (peek() == ']') {
      expect(']', out);
      depth--;
      return;
    }
    while (true) {
      skipWhitespace();
      value(out);
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        expect(',', out);
      } else if (c == ']') {
        expect(']', out);
        depth--;
        return;
      } else {
        throw error(JsonSyntaxException.Problem.SYNTAX, "expected ',' or ']'", null);
      }
    }
  }

  /** Reads a string; copies it as written into {@code out}, and returns it decoded. */
  private String string(StringBuilder out) throws JsonSyntaxException {
    int start = pos;
    expect('"', null);
    StringBuilder decoded = new StringBuilder();
    while (true) {
      if (pos >= json.length()) {
        throw error(JsonSyntaxException.Problem.SYNTAX, "unterminated string", null);
      }
      char c = json.charAt(pos++);
      if (c == '"') {
        break;
      } else if (c < 0x20) {
        pos--;
        throw error(JsonSyntaxException.Problem.SYNTAX, "control character in a string", null);
      } else if (c != '\\') {
        decoded.append(c);
      } else {
        decoded.append(escape());
      }
    }
    if (out != null) {
      out.append(json, start, pos);
    }
    return decoded.toString();
  }

  private char escape() throws JsonSyntaxException {
    if (pos >= json.length()) {
      throw error(JsonSyntaxException.Problem.SYNTAX, "unterminated string", null);
    }
    char c = json.charAt(pos++);
    switch (c) {
      case '"', '\\', '/' -> {
        return c;
      }
      case 'b' -> {
        return '\b';
      }
      case 'f' -> {
        return '\f';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 't' -> {
        return '\t';
      }
      case 'u' -> {
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = pos < json.length() ? Character.digit(json.charAt(pos), 16) : -1;
          if (digit < 0) {
            throw error(JsonSyntaxException.Problem.SYNTAX, "bad \\u escape", null);
          }
          code = code * 16 + digit;
          pos++;
        }
        return (char) code;
      }
      default -> {
        pos--;
        throw error(JsonSyntaxException.Problem.SYNTAX, "bad escape", null);
      }
    }
  }

  private void number(StringBuilder out) throws JsonSyntaxException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      pos = start;
      throw error(JsonSyntaxException.Problem.SYNTAX, "expected a value", null);
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) {
        throw error(JsonSyntaxException.Problem.SYNTAX, "expected a digit", null);
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error(JsonSyntaxException.Problem.SYNTAX, "expected a digit", null);
      }
    }
    out.append(json, start, pos);
  }

  private boolean digits() {
    int start = pos;
    while (pos < json.length() && json.charAt(pos) >= '0' && json.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  private void literal(String word, StringBuilder out) throws JsonSyntaxException {
    if (!json.startsWith(word, pos)) {
      throw error(JsonSyntaxException.Problem.SYNTAX, "expected a value", null);
    }
    pos += word.length();
    out.append(word);
  }

  private void enter() throws JsonSyntaxException {
    if (++depth > MAX_DEPTH) {
      throw error(
          JsonSyntaxException.Problem.SYNTAX, "nested deeper than " + MAX_DEPTH + " levels", null);
    }
  }

  private char peek() {
    return pos < json.length() ? json.charAt(pos) : '\0';
  }

  private void expect(char c, StringBuilder out) throws JsonSyntaxException {
    if (peek() != c || pos >= json.length()) {
      throw error(
          JsonSyntaxException.Problem.SYNTAX,
          pos >= json.length() ? "unexpected end of text" : "expected '" + c + "'",
          null);
    }
    pos++;
    if (out != null) {
      out.append(c);
    }
  }

  private void skipWhitespace() {
    while (pos < json.length()) {
      char c = json.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonSyntaxException error(
      JsonSyntaxException.Problem problem, String reason, String name) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < pos && i < json.length(); i++) {
      if (json.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new JsonSyntaxException(problem, reason, line, pos - lineStart + 1, name);
  }
}
