package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class LoginFailuresTest {

  @Test
  void recognisesEachDatabasesLoginRejection() {
    assertTrue(LoginFailures.isLoginRejection(new SQLException("postgres", "28P01")));
    assertTrue(LoginFailures.isLoginRejection(new SQLException("invalid authorization", "28000")));
    assertTrue(LoginFailures.isLoginRejection(new SQLException("mysql", "HY000", 1045)));
    assertTrue(LoginFailures.isLoginRejection(new SQLException("sql server", "S0001", 18456)));
    assertTrue(LoginFailures.isLoginRejection(new SQLException("ORA-01017", "72000", 1017)));
  }

  @Test
  void otherFailuresAreNoRejection() {
    assertFalse(LoginFailures.isLoginRejection(null));
    assertFalse(LoginFailures.isLoginRejection(new SQLException("connection refused", "08001")));
    assertFalse(LoginFailures.isLoginRejection(new SQLException("too many connections", "53300")));
    assertFalse(LoginFailures.isLoginRejection(new IllegalStateException("28P01")));
  }

  @Test
  void findsTheRejectionInHikarisTimeoutCauseChain() {
    SQLException rejection = new SQLException("password authentication failed", "28P01");
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "orders - Connection is not available, request timed out after 30000ms",
            "08003",
            rejection);

    assertSame(
        rejection, LoginFailures.findLoginRejection(new RuntimeException(timeout)).orElseThrow());
  }

  @Test
  void findsTheRejectionAmongNextExceptions() {
    SQLException first = new SQLException("batch failed", "08006");
    first.setNextException(new SQLException("login failed", "28000"));

    assertTrue(LoginFailures.isLoginRejection(first));
  }

  @Test
  void survivesCyclicChains() {
    SQLException a = new SQLException("a", "08001");
    SQLException b = new SQLException("b", "08001", a);
    a.initCause(b);
    a.setNextException(b);

    assertFalse(LoginFailures.isLoginRejection(a));
  }

  @Test
  void credentialsNeverShowThePassword() {
    Credentials credentials = Credentials.of("app", "hunter2");

    assertEquals("Credentials[username=app, password=***]", credentials.toString());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("", "hunter2"));
    assertEquals("username must not be null or empty, was ''", missing.getMessage());
  }
}
