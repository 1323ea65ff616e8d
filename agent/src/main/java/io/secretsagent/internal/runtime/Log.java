package io.secretsagent.internal.runtime;

import java.io.PrintStream;

/**
 * The agent's only logger: {@code [secrets-agent] LEVEL message} lines on stderr. No logging
 * framework, so nothing of the application's logging is started or configured by the agent.
 * Messages never contain secret values; stack traces are printed only at {@code debug}.
 */
public final class Log {

  /** Levels, most severe first. */
  public enum Level {
    OFF,
    ERROR,
    WARN,
    INFO,
    DEBUG
  }

  private static volatile Level level = Level.INFO;
  private static final PrintStream out = System.err;

  private Log() {}

  public static void setLevel(Level newLevel) {
    level = newLevel;
  }

  public static boolean isEnabled(Level l) {
    return l != Level.OFF && l.ordinal() <= level.ordinal();
  }

  public static boolean isDebug() {
    return isEnabled(Level.DEBUG);
  }

  public static void error(String message) {
    log(Level.ERROR, message, null);
  }

  public static void error(String message, Throwable t) {
    log(Level.ERROR, message, t);
  }

  public static void warn(String message) {
    log(Level.WARN, message, null);
  }

  public static void warn(String message, Throwable t) {
    log(Level.WARN, message, t);
  }

  public static void info(String message) {
    log(Level.INFO, message, null);
  }

  public static void debug(String message) {
    log(Level.DEBUG, message, null);
  }

  public static void debug(String message, Throwable t) {
    log(Level.DEBUG, message, t);
  }

  /** Always printed, whatever the level: the agent is about to end the JVM. */
  static void fatal(String message, Throwable t) {
    out.println(format(Level.ERROR, message));
    if (t != null && level == Level.DEBUG) {
      t.printStackTrace(out);
    }
    out.flush();
  }

  static String format(Level l, String message) {
    return "[secrets-agent] " + l.name() + " " + message;
  }

  private static void log(Level l, String message, Throwable t) {
    if (!isEnabled(l)) {
      return;
    }
    synchronized (out) {
      out.println(format(l, message));
      if (t != null && isDebug()) {
        t.printStackTrace(out);
      }
    }
  }
}
