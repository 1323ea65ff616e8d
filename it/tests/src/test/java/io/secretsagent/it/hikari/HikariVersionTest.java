package io.secretsagent.it.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secretsagent.hikari.CredentialSwapper;
import org.junit.jupiter.api.Test;

/**
 * Guards the build: each surefire execution really runs the Hikari tests on the HikariCP it names.
 */
class HikariVersionTest {

  @Test
  void runsOnTheExpectedHikariCpAndPicksTheMatchingWayToSetCredentials() {
    String expected = System.getProperty("secrets.it.hikari.expected");
    assumeTrue(expected != null, "secrets.it.hikari.expected not set (test run outside Maven)");

    assertEquals(expected, HikariVersion.running());
    boolean hasSetCredentials = Integer.parseInt(expected.substring(0, expected.indexOf('.'))) >= 6;
    assertEquals(
        hasSetCredentials, CredentialSwapper.atomicCredentials(), "setCredentials on " + expected);
  }
}
