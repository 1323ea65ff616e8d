package io.secretsagent.premain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPremainTest {

  final File jar = new File("/opt/secrets-agent/secrets-agent.jar");

  @Test
  void jdkToolsStandDown() {
    for (String command :
        new String[] {
          "jdk.jcmd/sun.tools.jcmd.JCmd -l",
          "sun.tools.jps.Jps",
          "jdk.jcmd/sun.tools.jstack.JStack 42",
          "java.base/sun.security.tools.keytool.Main -list",
          "jdk.compiler/com.sun.tools.javac.Main -version",
          "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider",
          "jdk.jfr/jdk.jfr.internal.tool.Main print",
          "",
          "   "
        }) {
      assertTrue(AgentPremain.isJdkToolOrSelf(command, jar), command);
    }
    assertTrue(AgentPremain.isJdkToolOrSelf(null, jar), "java -version has no sun.java.command");
  }

  @Test
  void applicationsDoNot() {
    for (String command :
        new String[] {
          "com.example.Main",
          "app.jar --port 8080",
          "/opt/app/service.jar",
          "org.springframework.boot.loader.launch.JarLauncher",
          "jdk.compiler/com.sun.tools.javac.launcher.Main App.java",
          "com.sun.tools.javac.launcher.SourceLauncher App.java",
          "mymodule/com.example.Main"
        }) {
      assertFalse(AgentPremain.isJdkToolOrSelf(command, jar), command);
    }
  }

  @Test
  void theAgentJarsOwnMainStandsDown() {
    assertTrue(AgentPremain.isJdkToolOrSelf("/opt/secrets-agent/secrets-agent.jar check", jar));
    assertTrue(
        AgentPremain.isJdkToolOrSelf("/opt/secrets-agent/../secrets-agent/secrets-agent.jar", jar));
  }

  /** An error whose message and {@code toString} fail, as allocation fails on an exhausted heap. */
  static final class Unprintable extends Error {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new OutOfMemoryError("Java heap space");
    }

    @Override
    public String toString() {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  /**
   * premain's last catch: a premain that throws aborts the JVM (exit 134). The old catch built its
   * line from {@code "..." + t}, which throws here.
   */
  @Test
  void theLastCatchNeverThrowsAndNeverQuotesTheErrorsMessage() {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      assertDoesNotThrow(() -> AgentPremain.disabled(new Unprintable(), "log.level=debug"));
      assertDoesNotThrow(
          () -> AgentPremain.disabled(new IllegalArgumentException("hvs.a-token"), null));
    } finally {
      System.setErr(err);
    }
    String printed = captured.toString();
    assertTrue(
        printed.contains(
            "[secrets-agent] ERROR the agent failed to start and is disabled"
                + " (java.lang.IllegalArgumentException); the application runs without it"),
        printed);
    assertFalse(printed.contains("hvs.a-token"), printed);
  }

  @Test
  void supportedRuntimeIsSeventeenOrNewer() {
    for (String old : List.of("1.6", "1.8", "9", "11", "16", "", "17-ea", "x")) {
      assertFalse(AgentPremain.isSupportedRuntime(old), old);
    }
    for (String supported : List.of("17", "21", "25", "30")) {
      assertTrue(AgentPremain.isSupportedRuntime(supported), supported);
    }
  }
}
