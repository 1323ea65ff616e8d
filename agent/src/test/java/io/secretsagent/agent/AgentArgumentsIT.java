package io.secretsagent.agent;

import static io.secretsagent.agent.ExitStatusIT.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.harness.TestJars;
import io.secretsagent.testapp.LookupApp;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agent arguments ({@code -javaagent:secrets-agent.jar=name=value;...}): a typo is a configuration
 * error, never a silent stand-down (issue 12 item 11), and {@code check} reads them from {@code
 * JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} as the JVM gives them to the agent (item 10).
 */
class AgentArgumentsIT {

  static final String SECRET = "agent-args-secret-5c1d";

  @TempDir Path dir;

  private String file() {
    return new SecretsFile(dir, "{\"db-password\": \"" + SECRET + "\"}").path().toString();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bakend=file  | 'bakend' is not a known name=value setting",
        "Backend=file | 'Backend' is not a known name=value setting",
        // no '=': only the name is quoted, since what follows it could be a value
        "backend:file | 'backend...' is not a known name=value setting (it has no '=')"
      })
  void aMistypedArgumentIsAConfigurationErrorNamingItAndTheNearestName(
      String typo, String message) {
    AgentJvm.Result result =
        AgentJvm.current()
            .agentArgs(typo + ";keys=DB_PASSWORD;file=" + file())
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertRefused(result, 78, "agent argument " + message, "did you mean 'backend'?");
    assertFalse(result.stderr().contains("backend:file"), result::toString);
  }

  /**
   * An argument given with an empty value (a template whose variable was unset, {@code
   * backend=${BACKEND}}) is a configuration error naming it, never a silent stand-down beside a
   * configured environment; a name without {@code =value} and the property form's {@code secrets.}
   * prefix get a hint of their own.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "backend=   | agent argument 'backend' has an empty value",
        "keys=      | agent argument 'keys' has an empty value",
        "backend    | agent argument 'backend' needs a value: write backend=value",
        "secrets.backend=file | agent arguments have no 'secrets.' prefix: write 'backend'"
      })
  void anEmptyOrMisformedArgumentIsAConfigurationErrorNamingIt(String argument, String message) {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .env("SECRETS_FILE", file())
            .agentArgs(argument)
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertRefused(result, 78, message);
    assertFalse(result.stderr().contains("did you mean 'backend'"), result::toString);
  }

  @Test
  void aMistypedArgumentStaysSilentInAJdkTool() {
    AgentJvm jvm = AgentJvm.current();
    AgentJvm.Result result =
        jvm.exec(
            List.of(
                AgentJvm.Jdk.CURRENT.tool("jar").toString(),
                "-J-javaagent:" + AgentJvm.agentJar() + "=bakend=file",
                "--version"),
            null);
    assertEquals(0, result.exitStatus(), result::toString);
    assertFalse(result.stderr().contains("secrets-agent"), result::toString);
  }

  private AgentJvm.Result check(String variable, String options) {
    return AgentJvm.current()
        .env(variable, options)
        .exec(
            List.of(
                AgentJvm.Jdk.CURRENT.java().toString(),
                "-jar",
                AgentJvm.agentJar().toString(),
                "check"),
            null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"})
  void checkRefusesWhatTheAgentWouldRefuseFromTheOptionsVariables(String variable) {
    String options =
        "-javaagent:"
            + AgentJvm.agentJar()
            + "=backend=file;keys=DB_PASSWORD;file="
            + dir.resolve("absent.json");
    AgentJvm.Result app =
        AgentJvm.current().withoutAgent().env(variable, options).run(LookupApp.class);
    assertEquals(78, app.exitStatus(), app::toString);

    AgentJvm.Result check = check(variable, options);
    assertEquals(78, check.exitStatus(), check::toString);
    assertTrue(check.stdout().contains("absent.json does not exist"), check::toString);
    assertTrue(check.stdout().contains(variable), "says where the arguments came from: " + check);
  }

  @Test
  void checkResolvesArgumentsBetweenOtherAgentsAndQuotedValues() throws IOException {
    Path other = TestJars.agent(dir, OtherAgent.class);
    String options =
        "-Xmx128m -javaagent:"
            + other
            + "=x=y \"-javaagent:"
            + AgentJvm.agentJar()
            + "=backend=file;file="
            + file()
            + ";keys=DB_PASSWORD, JWT_KEY=db-password\" -javaagent:'"
            + other
            + "' -Dtrailing=1";
    AgentJvm.Result check = check("JAVA_TOOL_OPTIONS", options);
    assertEquals(0, check.exitStatus(), check::toString);
    assertTrue(
        check.stdout().contains("DB_PASSWORD") && check.stdout().contains("JWT_KEY"),
        check::toString);
    assertFalse(
        check.stdout().contains(SECRET) || check.stderr().contains(SECRET), check::toString);
  }

  @Test
  void checkReportsAMistypedArgumentFromTheOptionsVariable() {
    AgentJvm.Result check =
        check("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.agentJar() + "=bakend=file");
    assertEquals(78, check.exitStatus(), check::toString);
    assertTrue(check.stdout().contains("agent argument 'bakend'"), check::toString);
  }

  /** Another agent on the same command line, which does nothing. */
  public static final class OtherAgent {
    public static void premain(String args, Instrumentation inst) {}
  }
}
