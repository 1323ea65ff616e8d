package io.secretsagent.hikari.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.util.DriverDataSource;
import com.zaxxer.hikari.util.PropertyElf;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Opens one physical connection with given credentials the way the pool opens its own ({@code
 * PoolBase#initializeDataSource} and {@code #newConnection} in HikariCP 5 to 7): the pool's own
 * {@code DataSource} instance if it was given one, else a new instance of its {@code
 * dataSourceClassName} with the same properties, else HikariCP's {@link DriverDataSource} over its
 * {@code jdbcUrl}, else its JNDI data source; then {@code getConnection(user, password)}.
 */
public final class LoginProbe {

  private final DataSource dataSource;

  private LoginProbe(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A probe for the pool configured by {@code config}. */
  public static LoginProbe forPool(HikariConfig config) {
    DataSource ds = config.getDataSource();
    if (ds == null && config.getDataSourceClassName() != null) {
      ds = instantiate(config.getDataSourceClassName(), config);
      PropertyElf.setTargetFromProperties(ds, config.getDataSourceProperties());
    } else if (ds == null && config.getJdbcUrl() != null) {
      ds =
          new DriverDataSource(
              config.getJdbcUrl(),
              config.getDriverClassName(),
              config.getDataSourceProperties(),
              config.getUsername(),
              config.getPassword());
    } else if (ds == null && config.getDataSourceJNDI() != null) {
      ds = lookup(config.getDataSourceJNDI(), config.getPoolName());
    }
    if (ds == null) {
      throw new IllegalStateException(
          "HikariCP pool '"
              + config.getPoolName()
              + "' has neither dataSource, dataSourceClassName, jdbcUrl nor dataSourceJNDI");
    }
    if (config.getDataSource() == null) {
      setLoginTimeout(ds, config.getConnectionTimeout());
    }
    return new LoginProbe(ds);
  }

  /**
   * Logs in with the given credentials and closes the connection at once.
   *
   * @throws SQLException what the driver threw, for example SQLState 28P01 for a wrong password
   */
  public void login(String username, String password) throws SQLException {
    try (Connection connection = dataSource.getConnection(username, password)) {
      if (connection == null) {
        throw new SQLException(
            "DataSource " + dataSource.getClass().getName() + " returned no connection");
      }
    }
  }

  private static DataSource instantiate(String className, HikariConfig config) {
    ClassLoader[] loaders = {
      HikariConfig.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
    };
    ReflectiveOperationException last = null;
    for (ClassLoader loader : loaders) {
      try {
        Class<?> type = Class.forName(className, true, loader);
        return (DataSource) type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        last = e;
      }
    }
    throw new IllegalStateException(
        "Cannot instantiate dataSourceClassName "
            + className
            + " of pool '"
            + config.getPoolName()
            + "'",
        last);
  }

  private static DataSource lookup(String name, String poolName) {
    try {
      return (DataSource) new InitialContext().lookup(name);
    } catch (NamingException e) {
      throw new IllegalStateException(
          "Cannot look up dataSourceJNDI " + name + " of pool '" + poolName + "'", e);
    }
  }

  /** As HikariCP does: connectionTimeout plus half a second, in whole seconds, at least 1. */
  private static void setLoginTimeout(DataSource ds, long connectionTimeoutMs) {
    if (connectionTimeoutMs == Integer.MAX_VALUE) {
      return;
    }
    try {
      ds.setLoginTimeout(
          (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(500L + connectionTimeoutMs)));
    } catch (SQLException | RuntimeException e) {
      // the pool logged the same failure for its own data source; the probe runs without a login
      // timeout
    }
  }
}
