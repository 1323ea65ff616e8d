package io.secretsagent.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The orders table: one row per order, placed by the token's subject. */
final class Orders {

  private final DataSource dataSource;

  Orders(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void createSchema() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer text NOT NULL,"
              + " item text NOT NULL, placed timestamptz NOT NULL DEFAULT now())");
    }
  }

  long place(String customer, String item) throws SQLException, OrdersService.Refused {
    if (item.isEmpty() || item.length() > 200) {
      throw new OrdersService.Refused(400, "the body is the item: 1 to 200 characters");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO orders (customer, item) VALUES (?, ?) RETURNING id")) {
      insert.setString(1, customer);
      insert.setString(2, item);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  String summary(String customer) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*), max(id) FROM orders WHERE customer = ?")) {
      query.setString(1, customer);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return "{\"customer\":\""
            + customer
            + "\",\"orders\":"
            + row.getLong(1)
            + ",\"last\":"
            + row.getLong(2)
            + "}";
      }
    }
  }
}
