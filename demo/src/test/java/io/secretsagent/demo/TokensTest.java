package io.secretsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private final Tokens tokens =
      new Tokens("first-key", Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aTokenItIssuedCarriesItsSubject() {
    assertEquals(Optional.of("alice"), tokens.verify(tokens.issue("alice")));
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    Tokens other =
        new Tokens("second-key", Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));
    assertTrue(tokens.verify(other.issue("alice")).isEmpty());
  }

  @Test
  void anExpiredTokenIsRefused() {
    Tokens later =
        new Tokens(
            "first-key",
            Duration.ofMinutes(15),
            Clock.fixed(NOW.plus(Duration.ofMinutes(15)), ZoneOffset.UTC));
    assertTrue(later.verify(tokens.issue("alice")).isEmpty());
  }

  @Test
  void aTokenWithAnEditedSubjectIsRefused() {
    String[] parts = tokens.issue("alice").split("\\.");
    String mallory = tokens.issue("mallory").split("\\.")[1];
    assertTrue(tokens.verify(parts[0] + "." + mallory + "." + parts[2]).isEmpty());
  }

  @Test
  void malformedTokensAreRefused() {
    for (String token :
        new String[] {"", ".", "a.b", "a.b.c.d", tokens.issue("alice") + "x", "eyJ.%%%.abc"}) {
      assertTrue(tokens.verify(token).isEmpty(), token);
    }
  }
}
