package io.secretsagent.demo;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What an operator wants to see: the pool's counters, when each of the service's database sessions
 * started, and, when a secrets agent publishes them over JMX, which secret versions are served.
 * Never a value.
 */
final class Health {

  private static final String AGENT_MBEAN = "io.secretsagent:type=SecretsAgent";

  private final HikariDataSource dataSource;

  Health(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  String report() throws SQLException {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return "{\"pool\":{\"active\":"
        + pool.getActiveConnections()
        + ",\"idle\":"
        + pool.getIdleConnections()
        + ",\"total\":"
        + pool.getTotalConnections()
        + ",\"waiting\":"
        + pool.getThreadsAwaitingConnection()
        + "},\n \"sessions\":"
        + json(sessionStarts())
        + ",\n \"secrets\":"
        + json(agentAttribute("Keys"))
        + ",\n \"pools\":"
        + json(agentAttribute("Pools"))
        + "}";
  }

  /** When each session of this service's database role started, oldest first. */
  private List<String> sessionStarts() throws SQLException {
    List<String> starts = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT to_char(backend_start AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM pg_stat_activity WHERE usename = current_user"
                    + " AND backend_type = 'client backend' ORDER BY backend_start")) {
      while (rows.next()) {
        starts.add(rows.getString(1));
      }
    }
    return starts;
  }

  private static List<String> agentAttribute(String name) {
    try {
      return List.of(
          (String[])
              ManagementFactory.getPlatformMBeanServer()
                  .getAttribute(new ObjectName(AGENT_MBEAN), name));
    } catch (JMException | ClassCastException e) {
      return List.of();
    }
  }

  private static String json(List<String> values) {
    StringJoiner out = new StringJoiner(",", "[", "]");
    for (String value : values) {
      out.add("\n   \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return out.toString();
  }
}
