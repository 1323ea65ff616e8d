package io.secretsagent.premain;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The only class the JVM calls. Compiled for an old release so that any JVM can read it; it does as
 * little as possible, never throws, and hands off to {@link AgentLauncher}.
 *
 * <p>It stands down (silently, or with one line where something is worth saying) when:
 *
 * <ul>
 *   <li>the JVM is older than 17;
 *   <li>the agent is already attached (a second {@code -javaagent} of this or another version);
 *   <li>the JVM runs a JDK tool ({@code jcmd}, {@code jps}, {@code keytool}, ...) or this jar's own
 *       {@code main}, which also read {@code JAVA_TOOL_OPTIONS};
 *   <li>no backend other than {@code env} is configured and no agent argument is given: then
 *       nothing is installed at all.
 * </ul>
 */
public final class AgentPremain {

  /** Main classes of JDK tools start with one of these. */
  private static final String[] TOOL_PREFIXES = {
    "sun.tools.", "sun.security.tools.", "com.sun.tools.", "jdk.tools.", "jdk.internal.",
    "jdk.javadoc.", "jdk.jfr.internal.tool.", "jdk.jpackage.", "sun.jvm.hotspot.", "sun.rmi.",
    "sun.net.httpserver.simpleserver.", "jdk.jshell."
  };

  /** Runs the user's own program ({@code java App.java}): not a tool. */
  private static final String SOURCE_LAUNCHER = "com.sun.tools.javac.launcher.";

  private static boolean attached;

  private AgentPremain() {}

  public static void premain(String args, Instrumentation inst) {
    try {
      synchronized (AgentPremain.class) {
        if (attached) {
          // a second -javaagent of this jar, or of another version of it: its premain class is this
          // one (the first jar on the class path wins), so the first copy serves
          warnAttachedTwice(args);
          return;
        }
        attached = true;
      }
      if (!isSupportedRuntime()) {
        System.err.println(
            "[secrets-agent] WARN Java "
                + System.getProperty("java.specification.version")
                + " is not supported (17 or newer is required); the agent is disabled and serves no secrets");
        return;
      }
      if (!isConfigured(args)) {
        return; // first, so that a JVM without configuration loads no other class of the agent
      }
      File jar = agentJar();
      if (isJdkToolOrSelf(System.getProperty("sun.java.command"), jar)) {
        return;
      }
      AgentLauncher.launch(args, inst, jar);
    } catch (Throwable t) {
      disabled(t, args);
    }
  }

  /**
   * Never break the host: one line, and the application starts as if the agent were absent. The
   * line names the error's type only: a foreign message may quote a credential. Nothing here may
   * throw, even when the heap is exhausted: a premain that throws aborts the JVM (exit 134).
   */
  static void disabled(Throwable t, String args) {
    try {
      System.err.println(
          "[secrets-agent] ERROR the agent failed to start and is disabled ("
              + t.getClass().getName()
              + "); the application runs without it");
      String level = AgentLauncher.setting(args, "log.level", "SECRETS_LOG_LEVEL");
      if (level != null && level.trim().equalsIgnoreCase("debug")) {
        t.printStackTrace();
      }
    } catch (Throwable ignored) {
      // not even one line could be written
    }
  }

  /**
   * One line, unless nothing is configured, the JVM runs a JDK tool, or the log level asks for less
   * than warnings.
   */
  private static void warnAttachedTwice(String args) throws Exception {
    String level = AgentLauncher.setting(args, "log.level", "SECRETS_LOG_LEVEL");
    File jar = agentJar();
    if (!isConfigured(args)
        || isJdkToolOrSelf(System.getProperty("sun.java.command"), jar)
        || level != null
            && (level.trim().equalsIgnoreCase("off") || level.trim().equalsIgnoreCase("error"))) {
      return;
    }
    System.err.println(
        "[secrets-agent] WARN the agent is attached more than once; the first -javaagent (version "
            + AgentPremain.class.getPackage().getImplementationVersion()
            + ", "
            + jar
            + ") serves and the others stand down: keep one -javaagent (command line and JAVA_TOOL_OPTIONS)");
  }

  /** {@code java -jar secrets-agent.jar check}: resolves every managed key as premain would. */
  public static void main(String[] args) throws Throwable {
    if (!isSupportedRuntime()) {
      System.err.println("[secrets-agent] ERROR Java 17 or newer is required");
      System.exit(70);
    }
    AgentLauncher.main(args, agentJar());
  }

  static boolean isSupportedRuntime() {
    return isSupportedRuntime(System.getProperty("java.specification.version", ""));
  }

  /**
   * {@code version}: {@code java.specification.version}, e.g. {@code 1.8}, {@code 11}, {@code 25}.
   */
  static boolean isSupportedRuntime(String version) {
    if (version.startsWith("1.")) {
      return false;
    }
    try {
      return Integer.parseInt(version) >= 17;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * {@code sun.java.command} is the main class or jar followed by the arguments. It is absent in
   * {@code java -version} and similar launcher-only runs, which therefore stand down too.
   */
  static boolean isJdkToolOrSelf(String command, File agentJar) {
    if (command == null || command.trim().isEmpty()) {
      return true;
    }
    String main = command.trim().split("\\s+", 2)[0];
    if (!main.endsWith(".jar") && main.indexOf('/') > 0) {
      main = main.substring(main.indexOf('/') + 1); // module/class, as JDK tools are launched
    }
    if (main.startsWith(SOURCE_LAUNCHER)) {
      return false;
    }
    for (String prefix : TOOL_PREFIXES) {
      if (main.startsWith(prefix)) {
        return true;
      }
    }
    return main.endsWith(".jar") && agentJar != null && sameFile(new File(main), agentJar);
  }

  private static boolean sameFile(File a, File b) {
    try {
      return a.getCanonicalFile().equals(b.getCanonicalFile());
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Cheap pre-check with JDK calls only: the default {@code env} backend means "do nothing". Agent
   * arguments always hand off, since only the implementation knows the settings' names: a mistyped
   * one ({@code bakend=file}) must be a configuration error, not a silent stand-down.
   */
  static boolean isConfigured(String args) {
    if (args != null && !args.trim().isEmpty()) {
      return true;
    }
    String backend = System.getProperty("secrets.backend");
    backend = backend != null ? backend : System.getenv("SECRETS_BACKEND");
    return backend != null && !backend.trim().isEmpty() && !backend.trim().equalsIgnoreCase("env");
  }

  static File agentJar() throws Exception {
    return new File(AgentPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
