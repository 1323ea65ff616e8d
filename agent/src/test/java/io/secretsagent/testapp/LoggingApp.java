package io.secretsagent.testapp;

import java.util.logging.LogManager;

/**
 * Chooses its own {@link LogManager}, as JBoss/WildFly do: in {@code main} when {@code
 * java.util.logging.manager} is not set on the command line, else through that property, with a
 * manager ({@link Recording}) that records whether it was created before {@code main} ran. If
 * anything started {@code java.util.logging} before (the agent, say), the JDK's default manager is
 * already fixed, or the application's manager was created too early.
 */
public final class LoggingApp {

  private static volatile boolean mainStarted;

  /** The application's log manager. */
  public static final class Manager extends LogManager {}

  /** A log manager named by {@code -Djava.util.logging.manager}; remembers when it was created. */
  public static final class Recording extends LogManager {
    static volatile String created = "never";

    public Recording() {
      created = mainStarted ? "in-main" : "before-main";
    }
  }

  public static void main(String[] args) {
    mainStarted = true;
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", Manager.class.getName());
    }
    System.out.println("logmanager:=" + LogManager.getLogManager().getClass().getSimpleName());
    System.out.println("logmanager-created:=" + Recording.created);
    System.out.println("env:" + args[0] + "=" + System.getenv(args[0]));
  }
}
