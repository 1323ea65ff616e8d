package io.secretsagent.testapp;

import java.util.logging.LogManager;

/**
 * Chooses its own {@link LogManager} in {@code main}, as JBoss/WildFly do. If anything started
 * {@code java.util.logging} before (the agent, say), the JDK's default manager is already fixed.
 */
public final class LoggingApp {

  /** The application's log manager. */
  public static final class Manager extends LogManager {}

  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", Manager.class.getName());
    System.out.println("logmanager:=" + LogManager.getLogManager().getClass().getSimpleName());
    System.out.println("env:" + args[0] + "=" + System.getenv(args[0]));
  }
}
