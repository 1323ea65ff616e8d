package io.secretsagent.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.FakeScheduler;
import io.secretsagent.spi.SecretRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionRefresherTest {

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeSecrets secrets = new FakeSecrets(List.of());
  private final RejectionRefresher refresher = new RejectionRefresher(secrets, clock::nanoTime);
  private final SecretRef a = new SecretRef("a", null);
  private final SecretRef b = new SecretRef("b", null);

  @Test
  void refreshesAtOnceThenAtMostOnceAGapPerSecret() {
    assertTrue(refresher.rejected("HikariCP", "p", a, "28P01"));
    assertFalse(refresher.rejected("HikariCP", "p", a, "28P01"), "within the gap");
    assertTrue(refresher.rejected("HikariCP", "q", b, "28P01"), "another secret has its own gap");

    clock.advance(RejectionRefresher.MIN_GAP.minus(Duration.ofNanos(1)));
    assertFalse(refresher.rejected("HikariCP", "p", a, "28P01"));
    clock.advance(Duration.ofNanos(1));
    assertTrue(refresher.rejected("HikariCP", "p", a, "28P01"));

    assertEquals(List.of(a, b, a), secrets.refreshed);
  }
}
