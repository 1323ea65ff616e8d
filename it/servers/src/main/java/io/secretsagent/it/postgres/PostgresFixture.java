package io.secretsagent.it.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL for tests, started by {@link #start()} and stopped by {@link #close()}. Logins
 * over TCP use scram-sha-256, so a wrong or stale password fails with SQLState {@code 28P01}. Uses
 * Testcontainers where a Docker engine answers, otherwise the local PostgreSQL binaries ({@code
 * /usr/lib/postgresql/<newest>/bin}). A JVM shutdown hook stops the server should a test forget to.
 *
 * <p>System properties: {@value #MODE_PROPERTY} = {@code auto} (default), {@code local} or {@code
 * container}; {@value PostgresBinaries#BIN_DIR_PROPERTY} = a bin directory; {@value
 * ContainerPostgres#IMAGE_PROPERTY} = a container image.
 */
public final class PostgresFixture implements AutoCloseable {

  /**
   * System property choosing how the server runs: {@code auto}, {@code local}, {@code container}.
   */
  public static final String MODE_PROPERTY = "secrets.it.postgres.mode";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final PostgresServer server;
  private final Duration startupTime;
  private final Thread shutdownHook;

  private PostgresFixture(PostgresServer server, Duration startupTime) {
    this.server = server;
    this.startupTime = startupTime;
    this.shutdownHook = new Thread(server::close, "postgres-fixture-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a fresh server; blocks until it accepts connections. */
  public static PostgresFixture start() {
    long started = System.nanoTime();
    String password = randomPassword();
    String mode = System.getProperty(MODE_PROPERTY, "auto");
    PostgresServer server =
        switch (mode) {
          case "local" -> LocalPostgres.start(PostgresBinaries.locate(), password);
          case "container" -> ContainerPostgres.start(password);
          case "auto" ->
              ContainerPostgres.dockerAvailable()
                  ? ContainerPostgres.start(password)
                  : LocalPostgres.start(PostgresBinaries.locate(), password);
          default ->
              throw new IllegalArgumentException(
                  MODE_PROPERTY + " must be auto, local or container, not '" + mode + "'");
        };
    return new PostgresFixture(server, Duration.ofNanos(System.nanoTime() - started));
  }

  /** Wall time {@link #start()} took, including the Docker probe. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Host name or address to connect to. */
  public String host() {
    return server.host();
  }

  /** TCP port PostgreSQL listens on. */
  public int port() {
    return server.port();
  }

  /** JDBC URL of the {@code postgres} database, without credentials. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** JDBC URL of {@code database}, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /** The superuser role, {@code postgres}. */
  public String superuser() {
    return server.superuser();
  }

  /** The superuser's password, random per fixture. */
  public String superuserPassword() {
    return server.superuserPassword();
  }

  /** Opens a connection as {@code user}; a rejected password throws with SQLState 28P01. */
  public Connection connect(String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /**
   * Tries a login as {@code user}: {@code "accepted"}, or the SQLState of the refusal ({@code
   * 28P01} for a wrong password).
   */
  public String login(String user, String password) {
    try (Connection ignored = connect(user, password)) {
      return "accepted";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  /** Creates a login role with the given password. */
  public void createRole(String role, String password) {
    execute("CREATE ROLE " + identifier(role) + " LOGIN PASSWORD " + literal(password));
  }

  /**
   * Creates a login role named {@code prefix} plus a number from the clock, so that tests sharing
   * one server do not meet; returns the name.
   */
  public String newRole(String prefix, String password) {
    String role = prefix + System.nanoTime() % 100000;
    createRole(role, password);
    return role;
  }

  /** Creates a database owned by {@code owner}, so the owner can create its own tables. */
  public void createDatabase(String database, String owner) {
    execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner));
  }

  /** Changes a role's password; existing sessions stay open, new logins need the new password. */
  public void alterPassword(String role, String newPassword) {
    execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(newPassword));
  }

  /** Ends every session of {@code role} with pg_terminate_backend; returns how many. */
  public int terminateBackends(String role) {
    return query(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?", role)
        .stream()
        .mapToInt(Number::intValue)
        .findFirst()
        .orElse(0);
  }

  /**
   * Ends the sessions of {@code role} idle for at least 500 ms, as a database failover or an idle
   * timeout would: no query is running on them, and HikariCP validates a connection idle that long
   * before lending it (its validation bypass is 500 ms), so the pool finds them dead and must log
   * in again. A session idle for less could be lent unvalidated and fail a query: that is the
   * pool's documented behaviour, not what the rotation tests measure. Returns how many.
   */
  public int terminateIdleBackends(String role) {
    return query(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ? AND state = 'idle'"
                + " AND state_change < clock_timestamp() - interval '500 milliseconds'",
            role)
        .stream()
        .mapToInt(Number::intValue)
        .findFirst()
        .orElse(0);
  }

  /** When each current session of {@code role} started (pg_stat_activity.backend_start). */
  public List<Instant> backendStartTimes(String role) {
    List<Instant> times = new ArrayList<>();
    try (Connection connection = superuserConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT backend_start FROM pg_stat_activity WHERE usename = ? ORDER BY backend_start")) {
      statement.setString(1, role);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          times.add(rows.getTimestamp(1).toInstant());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read pg_stat_activity for role " + role, e);
    }
    return times;
  }

  /** Stops the server and deletes its files; idempotent. */
  @Override
  public void close() {
    server.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  /** The server behind this fixture, for fixture tests. */
  PostgresServer server() {
    return server;
  }

  private void execute(String sql) {
    try (Connection connection = superuserConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Statement failed ("
              + e.getSQLState()
              + "): "
              + sql.replaceAll("PASSWORD '.*", "PASSWORD ***"),
          e);
    }
  }

  private List<Number> query(String sql, String argument) {
    try (Connection connection = superuserConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, argument);
      List<Number> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add((Number) rows.getObject(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed (" + e.getSQLState() + "): " + sql, e);
    }
  }

  private Connection superuserConnection() throws SQLException {
    return connect(superuser(), superuserPassword());
  }

  private static String identifier(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "role and database names must match " + IDENTIFIER + ", was '" + name + "'");
    }
    return '"' + name + '"';
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
