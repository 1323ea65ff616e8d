package io.secretsagent.internal.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one form in which a server's or SDK's own text (Vault's {@code errors}, the credential
 * chain's account of each credential tried) appears in the agent's messages: one line, control
 * characters removed, credentials replaced by {@code [redacted]}, at most {@link #MAX_CHARS}
 * characters. Only texts that describe a failure are quoted; a response body never is.
 *
 * <p>Two layers: every credential the caller holds (the token it sent, a login's JWT or secret id)
 * is removed wherever it appears, as sent or URL-encoded; then anything shaped like a credential: a
 * JWT, a Vault token ({@code hvs.}, {@code s.}...), an {@code Authorization}/{@code Bearer} value,
 * and the value of any key named like a credential ({@code X-Vault-Token: ...}, {@code
 * client_token=...}, {@code "password": "a b c"}, {@code client_secret%3D...}, {@code
 * {"value":"..."}}), quoted values whole.
 */
public final class ServerText {

  public static final int MAX_CHARS = 1500;

  private static final String REDACTED = "[redacted]";

  /** Held credentials shorter than this are not searched for: they would match ordinary text. */
  private static final int MIN_HELD = 4;

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*)?");

  /** Vault's token forms: {@code hvs./hvb./hvr.} (1.10+) and the legacy {@code s./b./r.}. */
  private static final Pattern VAULT_TOKEN =
      Pattern.compile("\\b(?:hv[sbr]\\.[A-Za-z0-9_-]{8,}|[sbr]\\.[A-Za-z0-9_-]{20,})");

  /** An authorization scheme's credentials, in a header or in prose. */
  private static final Pattern SCHEME =
      Pattern.compile("(?i)\\b((?:bearer|basic|negotiate)\\s+)[A-Za-z0-9._~+/=-]{6,}");

  private static final String QUOTE = "(?:\"|'|%22|%27)";

  /**
   * A key named like a credential, its separator ({@code :} or {@code =}, maybe URL-encoded), and
   * its value: a quoted string (spaces included) or a run up to a delimiter.
   */
  private static final Pattern NAMED_CREDENTIAL =
      Pattern.compile(
          "(?i)([A-Za-z0-9_.-]*(?:token|secret|password|passwd|pwd|apikey|api_key|api-key"
              + "|credential|credentials|assertion|jwt|authorization|cookie|value)"
              + QUOTE
              + "?\\s*(?:[:=]|%3A|%3D)\\s*)"
              + "(?!(?:(?:bearer|basic|negotiate)\\s+)?\\[redacted\\])"
              + "(\"(?:[^\"\\\\]|\\\\.)*\"?|'[^']*'?|%22.*?(?:%22|$)|%27.*?(?:%27|$)"
              + "|(?:(?:bearer|basic|negotiate)\\s+)?[^\\s\"'&;,}\\]]+)");

  private ServerText() {}

  /** {@code text} in the agent's form, with no credential the caller holds. */
  public static String excerpt(String text) {
    return excerpt(text, List.of());
  }

  /**
   * @param held the credentials the caller sent or holds (null entries are ignored): removed
   *     wherever they appear, before anything else
   */
  public static String excerpt(String text, Collection<String> held) {
    String result = String.valueOf(text);
    for (String credential : held) {
      result = withoutHeld(result, credential);
    }
    result = result.replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
    result = JWT.matcher(result).replaceAll(REDACTED);
    result = VAULT_TOKEN.matcher(result).replaceAll(REDACTED);
    result = NAMED_CREDENTIAL.matcher(result).replaceAll(ServerText::redactValue);
    result = SCHEME.matcher(result).replaceAll("$1" + REDACTED);
    return result.length() > MAX_CHARS ? result.substring(0, MAX_CHARS) + "..." : result;
  }

  /** The key and separator kept, the value redacted, its quotes kept. */
  private static String redactValue(MatchResult match) {
    String value = match.group(2);
    String quote = "";
    for (String q : List.of("\"", "'", "%22", "%27")) {
      if (value.startsWith(q)) {
        quote = q;
      }
    }
    boolean closed = !quote.isEmpty() && value.length() > quote.length() && value.endsWith(quote);
    return Matcher.quoteReplacement(match.group(1) + quote + REDACTED + (closed ? quote : ""));
  }

  private static String withoutHeld(String text, String credential) {
    if (credential == null || credential.strip().length() < MIN_HELD) {
      return text;
    }
    String result = text;
    for (String form :
        List.of(
            credential,
            credential.strip(),
            URLEncoder.encode(credential, StandardCharsets.UTF_8),
            URLEncoder.encode(credential, StandardCharsets.UTF_8).replace("+", "%20"))) {
      result = result.replace(form, REDACTED);
    }
    return result;
  }
}
