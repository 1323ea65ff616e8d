package io.secretsagent.it.hikari;

import com.zaxxer.hikari.HikariDataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which HikariCP jar the tests run against, read from its file name. */
final class HikariVersion {

  private static final Pattern JAR_VERSION = Pattern.compile("HikariCP-([0-9][^/]*)\\.jar$");

  private HikariVersion() {}

  static String running() {
    String location =
        HikariDataSource.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    Matcher matcher = JAR_VERSION.matcher(location);
    return matcher.find() ? matcher.group(1) : location;
  }
}
