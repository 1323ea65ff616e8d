package io.secretsagent.hikari.internal;

import com.zaxxer.hikari.HikariConfigMXBean;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Sets a pool's username and password through its {@link HikariConfigMXBean}: in one atomic {@code
 * setCredentials(com.zaxxer.hikari.util.Credentials)} call where HikariCP has it (6.0 and later),
 * else {@code setUsername} then {@code setPassword} (5.x: a connection opened between the two calls
 * would use the new username with the old password). Chosen by looking for the method, not by
 * version.
 */
public final class CredentialsWriter {

  private static final String CREDENTIALS_CLASS = "com.zaxxer.hikari.util.Credentials";

  /**
   * {@code (HikariConfigMXBean, String, String) -> void} with setCredentials, or null on HikariCP
   * 5.
   */
  private static final MethodHandle SET_CREDENTIALS = findSetCredentials();

  private CredentialsWriter() {}

  /** Whether this HikariCP sets username and password in one atomic call. */
  public static boolean atomic() {
    return SET_CREDENTIALS != null;
  }

  public static void write(HikariConfigMXBean config, String username, String password) {
    if (SET_CREDENTIALS == null) {
      config.setUsername(username);
      config.setPassword(password);
      return;
    }
    try {
      SET_CREDENTIALS.invoke(config, username, password);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("HikariConfigMXBean.setCredentials failed", e);
    }
  }

  private static MethodHandle findSetCredentials() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> credentials =
          Class.forName(CREDENTIALS_CLASS, false, HikariConfigMXBean.class.getClassLoader());
      MethodHandle of =
          lookup.findStatic(
              credentials, "of", MethodType.methodType(credentials, String.class, String.class));
      MethodHandle set =
          lookup.findVirtual(
              HikariConfigMXBean.class,
              "setCredentials",
              MethodType.methodType(void.class, credentials));
      // set(config, of(username, password))
      return MethodHandles.collectArguments(set, 1, of);
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
