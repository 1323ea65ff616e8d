package io.secretsagent.hikari;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a database's refusal of a login (wrong or stale username/password), as opposed to an
 * unreachable server or any other failure.
 */
public final class LoginFailures {

  private LoginFailures() {}

  /**
   * Whether {@code failure}, or any cause or chained {@link SQLException#getNextException() next
   * exception} of it, is a rejected login: SQLState {@code 28P01} (PostgreSQL: password
   * authentication failed) or {@code 28000} (invalid authorization), MySQL/MariaDB error 1045, SQL
   * Server error 18456, Oracle ORA-01017.
   *
   * @param failure any throwable, for example what {@code getConnection()} threw; may be null
   * @return true if the database refused the credentials
   */
  public static boolean isLoginRejection(Throwable failure) {
    return findLoginRejection(failure).isPresent();
  }

  /**
   * The {@link SQLException} in {@code failure}'s cause chain that is a login rejection, as
   * described for {@link #isLoginRejection(Throwable)}.
   *
   * @param failure any throwable; may be null
   */
  public static Optional<SQLException> findLoginRejection(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      for (Throwable s = t; s instanceof SQLException sql; s = sql.getNextException()) {
        if (isRejection(sql)) {
          return Optional.of(sql);
        }
        if (sql.getNextException() != null && !seen.add(sql.getNextException())) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isRejection(SQLException e) {
    String state = e.getSQLState();
    if ("28P01".equals(state) || "28000".equals(state)) {
      return true;
    }
    int code = e.getErrorCode();
    return code == 1045 || code == 18456 || code == 1017;
  }
}
