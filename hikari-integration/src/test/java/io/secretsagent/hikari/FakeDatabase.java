package io.secretsagent.hikari;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** A DataSource that accepts one username/password pair and rejects others with SQLState 28P01. */
final class FakeDatabase {

  private volatile Credentials accepted;
  private final List<String> logins = new ArrayList<>();

  FakeDatabase(Credentials accepted) {
    this.accepted = accepted;
  }

  void accept(Credentials credentials) {
    this.accepted = credentials;
  }

  synchronized List<String> logins() {
    return List.copyOf(logins);
  }

  DataSource dataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getConnection" -> connect((String) args[0], (String) args[1]);
                  case "getLoginTimeout" -> 0;
                  case "toString" -> "FakeDatabase";
                  default -> null;
                });
  }

  private Connection connect(String username, String password) throws SQLException {
    synchronized (this) {
      logins.add(username);
    }
    if (!Credentials.of(username, password).equals(accepted)) {
      throw new SQLException(
          "password authentication failed for user \"" + username + "\"", "28P01");
    }
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> method.getName().equals("isClosed") ? Boolean.FALSE : null);
  }
}
