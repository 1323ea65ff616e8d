package io.secretsagent.it.walkthrough;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.secretsagent.it.postgres.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * What the operator does in {@code demo/walkthrough.sh}, from the command line, with the real
 * tools:
 *
 * <pre>
 * Operator postgres &lt;state-dir&gt; &lt;role&gt; &lt;password&gt;
 *     starts a private PostgreSQL (password auth), creates the role and a database it owns, writes
 *     &lt;state-dir&gt;/postgres.env (DB_URL, DB_USERNAME, superuser credentials; mode 0600) and serves
 *     until stopped
 * Operator set-secret &lt;name&gt; &lt;value&gt;
 *     sets a Key Vault secret with the real SecretClient and DefaultAzureCredential (the vault and the
 *     identity come from the environment, as server.env gives them)
 * Operator alter-password &lt;state-dir&gt; &lt;role&gt; &lt;password&gt;
 *     ALTER ROLE ... PASSWORD as the superuser: new logins need the new password
 * Operator login &lt;state-dir&gt; &lt;role&gt; &lt;password&gt;
 *     one login: prints "accepted" (exit 0) or the refusal (exit 1)
 * </pre>
 *
 * Passwords come as arguments from the script that generated them, and are never printed.
 */
public final class Operator {

  private Operator() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      usage();
    }
    switch (args[0]) {
      case "postgres" -> postgres(Path.of(args[1]), args[2], args[3]);
      case "set-secret" -> setSecret(args[1], args[2]);
      case "alter-password" -> alterPassword(Path.of(args[1]), args[2], args[3]);
      case "login" -> System.exit(login(Path.of(args[1]), args[2], args[3]) ? 0 : 1);
      default -> usage();
    }
  }

  private static void postgres(Path stateDir, String role, String password) throws Exception {
    PostgresFixture postgres = PostgresFixture.start();
    postgres.createRole(role, password);
    postgres.createDatabase(role, role);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_URL", postgres.jdbcUrl(role));
    env.put("DB_USERNAME", role);
    env.put("PG_SUPERUSER", postgres.superuser());
    env.put("PG_SUPERUSER_PASSWORD", postgres.superuserPassword());
    env.put("PG_URL", postgres.jdbcUrl());
    StringBuilder lines = new StringBuilder();
    env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
    Path file = stateDir.resolve("postgres.env");
    Files.createDirectories(stateDir);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, lines + "POSTGRES_READY=1\n");
    System.out.println(
        "postgres: PostgreSQL "
            + postgres.host()
            + ":"
            + postgres.port()
            + ", role "
            + role
            + " owns database "
            + role
            + " (scram-sha-256 password auth), started in "
            + postgres.startupTime().toMillis()
            + " ms");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  postgres.close();
                  stopped.countDown();
                },
                "postgres-shutdown"));
    stopped.await();
  }

  private static void setSecret(String name, String value) {
    SecretClient client =
        new SecretClientBuilder()
            .vaultUrl(required("AZURE_KEYVAULT_URL"))
            .credential(new DefaultAzureCredentialBuilder().build())
            .disableChallengeResourceVerification()
            .buildClient();
    String version = client.setSecret(name, value).getProperties().getVersion();
    System.out.println("vault: " + name + " set through the Azure SDK, version " + version);
  }

  private static void alterPassword(Path stateDir, String role, String password) throws Exception {
    Map<String, String> env = read(stateDir);
    try (Connection connection =
            connect(env.get("PG_URL"), env.get("PG_SUPERUSER"), env.get("PG_SUPERUSER_PASSWORD"));
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER ROLE \""
              + role.replace("\"", "")
              + "\" PASSWORD '"
              + password.replace("'", "''")
              + "'");
    }
    System.out.println(
        "database: ALTER ROLE " + role + " PASSWORD ***; new logins need the new password");
  }

  private static boolean login(Path stateDir, String role, String password) throws Exception {
    try (Connection ignored = connect(read(stateDir).get("DB_URL"), role, password)) {
      System.out.println("database: login as " + role + " accepted");
      return true;
    } catch (SQLException e) {
      System.out.println(
          "database: login as " + role + " refused, " + e.getSQLState() + " " + e.getMessage());
      return false;
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  private static Map<String, String> read(Path stateDir) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(stateDir.resolve("postgres.env"))) {
      int eq = line.indexOf('=');
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalStateException(
          "Set " + name + " (source the Key Vault server's server.env)");
    }
    return value;
  }

  private static void usage() {
    System.err.println(
        "usage: Operator postgres <state-dir> <role> <password> | set-secret <name> <value>"
            + " | alter-password <state-dir> <role> <password> | login <state-dir> <role> <password>");
    System.exit(2);
  }
}
