package io.secretsagent.hikari.internal;

import com.zaxxer.hikari.HikariConfig;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds what in a pool's configuration would keep it on its start-up credentials, whatever is set
 * through {@code HikariConfigMXBean}. Reads the configuration only; never reports a value.
 */
public final class PoolShape {

  /**
   * {@code password=} as a URL query or property parameter: {@code ?password=}, {@code &password=},
   * {@code ;password=}.
   */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[?&;:]password=", Pattern.CASE_INSENSITIVE);

  /** {@code //user:secret@host}: a password in the URL's authority. */
  private static final Pattern URL_USERINFO = Pattern.compile("//[^/?#@]*:[^/?#@]*@");

  private PoolShape() {}

  /**
   * Every problem found, each with its fix; empty when the pool can take new credentials at
   * runtime.
   */
  public static List<String> problems(HikariConfig config) {
    List<String> problems = new ArrayList<>();
    String username = config.getUsername();
    if (username == null || username.isEmpty()) {
      problems.add(
          "it has no username, so HikariCP opens connections with DataSource.getConnection() and"
              + " the password stays the one the data source was built with; set the username with"
              + " HikariConfig.setUsername (spring.datasource.username) and the password with"
              + " HikariConfig.setPassword, not in the URL or dataSourceProperties");
    }
    String url = config.getJdbcUrl();
    if (url != null && (URL_PASSWORD.matcher(url).find() || URL_USERINFO.matcher(url).find())) {
      problems.add(
          "its jdbcUrl carries a password, which the driver prefers to the pool's; remove it from"
              + " the URL and set it with HikariConfig.setPassword (spring.datasource.password)");
    }
    if (config.getDataSourceProperties().keySet().stream()
        .anyMatch(key -> String.valueOf(key).toLowerCase(Locale.ROOT).equals("password"))) {
      problems.add(
          "its dataSourceProperties contain 'password', fixed when the pool started; remove it and"
              + " set the password with HikariConfig.setPassword (spring.datasource.password)");
    }
    String provider = credentialsProvider(config);
    if (provider != null) {
      problems.add(
          "it takes its credentials from the HikariCredentialsProvider "
              + provider
              + "; rotate them in that provider, or remove the provider to let this swapper set them");
    }
    return problems;
  }

  /** The message for a pool with {@code problems}, naming the pool. */
  public static String describe(String poolName, List<String> problems) {
    StringBuilder message =
        new StringBuilder("HikariCP pool '")
            .append(poolName)
            .append("' cannot take new credentials at runtime: ");
    for (int i = 0; i < problems.size(); i++) {
      message.append(i == 0 ? "" : "; also, ").append(problems.get(i));
    }
    return message.append('.').toString();
  }

  /** Class name of a HikariCP 7+ credentials provider set on the pool, or null. */
  private static String credentialsProvider(HikariConfig config) {
    try {
      Method getter = HikariConfig.class.getMethod("getCredentialsProvider");
      Object provider = getter.invoke(config);
      if (provider != null) {
        return provider.getClass().getName();
      }
      Object className =
          HikariConfig.class.getMethod("getCredentialsProviderClassName").invoke(config);
      return className == null ? null : className.toString();
    } catch (NoSuchMethodException e) {
      return null; // HikariCP before 7 has no credentials provider
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot read the credentials provider of pool " + config.getPoolName(), e);
    }
  }
}
