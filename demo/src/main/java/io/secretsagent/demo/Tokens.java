package io.secretsagent.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 JSON Web Tokens carrying a subject and an expiry (RFC 7519), signed with one key. */
final class Tokens {

  private static final String HEADER =
      encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final Pattern CLAIMS =
      Pattern.compile("\\{\"sub\":\"([a-z0-9_-]+)\",\"exp\":(\\d+)}");

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Clock clock;

  Tokens(String key, Duration lifetime) {
    this(key, lifetime, Clock.systemUTC());
  }

  Tokens(String key, Duration lifetime, Clock clock) {
    this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.lifetime = lifetime;
    this.clock = clock;
  }

  String issue(String subject) {
    long expiry = clock.instant().plus(lifetime).getEpochSecond();
    String claims =
        encode(
            ("{\"sub\":\"" + subject + "\",\"exp\":" + expiry + "}")
                .getBytes(StandardCharsets.UTF_8));
    return HEADER + "." + claims + "." + sign(HEADER + "." + claims);
  }

  /** The subject of a token signed with this key and not expired; empty otherwise. */
  Optional<String> verify(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(HEADER)) {
      return Optional.empty();
    }
    byte[] expected = sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    Matcher claims;
    try {
      claims =
          CLAIMS.matcher(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!claims.matches() || Long.parseLong(claims.group(2)) <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(claims.group(1));
  }

  private String sign(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return encode(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
