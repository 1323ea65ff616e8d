package io.secretsagent.hikari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import org.junit.jupiter.api.Test;

/** Pool shapes that cannot take new credentials; the same checks run against real pools in it/. */
class PoolShapeTest {

  private static final String SECRET = "s3cret-value";

  @Test
  void refusesPoolWithoutUsername() {
    HikariDataSource pool = pool("no-user");
    pool.setDataSourceClassName("org.example.SomeDataSource");

    String message = refusal(pool);

    assertEquals(
        "HikariCP pool 'no-user' cannot take new credentials at runtime: it has no username, so"
            + " HikariCP opens connections with DataSource.getConnection() and the password stays the one the"
            + " data source was built with; set the username with HikariConfig.setUsername"
            + " (spring.datasource.username) and the password with HikariConfig.setPassword, not in the URL or"
            + " dataSourceProperties.",
        message);
  }

  @Test
  void refusesPasswordInJdbcUrlWithoutShowingIt() {
    HikariDataSource pool = pool("url-password");
    pool.setJdbcUrl("jdbc:postgresql://db:5432/app?sslmode=require&password=" + SECRET);
    pool.setUsername("app");

    String message = refusal(pool);

    assertTrue(
        message.startsWith(
            "HikariCP pool 'url-password' cannot take new credentials at runtime: its"
                + " jdbcUrl carries a password"),
        message);
    assertFalse(message.contains(SECRET), message);
    assertFalse(message.contains("db:5432"), "no URL in the message: " + message);
  }

  @Test
  void refusesPasswordInUrlAuthority() {
    HikariDataSource pool = pool("userinfo");
    pool.setJdbcUrl("jdbc:mysql://app:" + SECRET + "@db/app");
    pool.setUsername("app");

    assertTrue(refusal(pool).contains("its jdbcUrl carries a password"));
  }

  @Test
  void refusesPasswordInDataSourcePropertiesAndListsEveryProblem() {
    HikariDataSource pool = pool("props");
    pool.setDataSourceClassName("org.example.SomeDataSource");
    pool.addDataSourceProperty("user", "app");
    pool.addDataSourceProperty("Password", SECRET);

    String message = refusal(pool);

    assertTrue(message.contains("it has no username"), message);
    assertTrue(
        message.contains(
            "; also, its dataSourceProperties contain 'password', fixed when the pool"
                + " started; remove it and set the password with HikariConfig.setPassword"),
        message);
    assertFalse(message.contains(SECRET), message);
  }

  @Test
  void refusesPoolWithCredentialsProvider() {
    HikariDataSource pool = pool("provided");
    pool.setJdbcUrl("jdbc:postgresql://db/app");
    pool.setUsername("app");
    pool.setCredentialsProvider(() -> Credentials.of("app", SECRET));

    String message = refusal(pool);

    assertTrue(
        message.contains("it takes its credentials from the HikariCredentialsProvider"), message);
    assertTrue(message.contains("rotate them in that provider"), message);
  }

  private static HikariDataSource pool(String name) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setPassword(SECRET);
    return pool;
  }

  private static String refusal(HikariDataSource pool) {
    return assertThrows(UnsupportedPoolException.class, () -> CredentialSwapper.bind(pool))
        .getMessage();
  }
}
