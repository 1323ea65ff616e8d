package io.secretsagent.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A stand-in service for the walkthrough, written as if it knew nothing of the agent: it reads
 * {@code DB_PASSWORD} and {@code JWT_SECRET_KEY} the ordinary way, every half second, and prints
 * a fingerprint of each (never the value), so a rotation is visible without a restart.
 */
public final class ConfigReporter {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    for (int i = 0; i < rounds; i++) {
      System.out.println("service: DB_PASSWORD " + fingerprint(System.getenv("DB_PASSWORD"))
          + ", JWT_SECRET_KEY " + fingerprint(System.getenv("JWT_SECRET_KEY")));
      System.out.flush();
      if (i + 1 < rounds) {
        Thread.sleep(500);
      }
    }
  }

  /** The first 8 hex digits of the SHA-256, enough to see a change, useless to an attacker. */
  static String fingerprint(String value) throws Exception {
    if (value == null) {
      return "missing";
    }
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 8);
  }
}
