package io.secretsagent.internal.http;

import java.util.regex.Pattern;

/**
 * The one form in which a server's or SDK's own text (Vault's {@code errors}, the credential
 * chain's account of each credential tried) appears in the agent's messages: one line, control
 * characters removed, anything shaped like a JWT or a named credential ({@code access_token=...},
 * {@code "client_secret": "..."}) replaced by {@code [redacted]}, at most {@link #MAX_CHARS}
 * characters. Only texts that describe a failure are quoted; a response body never is.
 */
public final class ServerText {

  public static final int MAX_CHARS = 1500;

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*)?");
  private static final Pattern NAMED_CREDENTIAL =
      Pattern.compile(
          "(?i)((?:access_token|refresh_token|id_token|client_secret|client_assertion|secret_id|password)"
              + "\"?\\s*[:=]\\s*\"?)[^\\s\",&;}]+");

  private ServerText() {}

  public static String excerpt(String text) {
    String oneLine = String.valueOf(text).replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
    oneLine = JWT.matcher(oneLine).replaceAll("[redacted]");
    oneLine = NAMED_CREDENTIAL.matcher(oneLine).replaceAll("$1[redacted]");
    return oneLine.length() > MAX_CHARS ? oneLine.substring(0, MAX_CHARS) + "..." : oneLine;
  }
}
