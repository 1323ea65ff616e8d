package io.secretsagent.internal.http;

/**
 * The one form in which a server's or SDK's own text (Vault's {@code errors}, the credential
 * chain's account of each credential tried) appears in the agent's messages: one line, control
 * characters removed, at most {@link #MAX_CHARS} characters. Only texts that describe a failure are
 * quoted; a response body never is.
 */
public final class ServerText {

  public static final int MAX_CHARS = 1500;

  private ServerText() {}

  public static String excerpt(String text) {
    String oneLine = String.valueOf(text).replaceAll("[\\s\\p{Cntrl}]+", " ").trim();
    return oneLine.length() > MAX_CHARS ? oneLine.substring(0, MAX_CHARS) + "..." : oneLine;
  }
}
