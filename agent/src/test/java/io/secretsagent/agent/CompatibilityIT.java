package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.RuntimeImage;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.harness.TestJars;
import io.secretsagent.testapp.EnvironmentTrickApp;
import io.secretsagent.testapp.HostApp;
import io.secretsagent.testapp.LookupApp;
import io.secretsagent.testapp.RetransformingAgent;
import io.secretsagent.testapp.TracedHttpApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent beside what else runs in real JVMs: another agent, a slim runtime, child processes. */
class CompatibilityIT {

  static final String SECRET = "compat-secret-5d21c8";

  @TempDir Path dir;

  private AgentJvm configured() {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"" + SECRET + "\"}");
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD");
  }

  /**
   * The OpenTelemetry Java agent, which the build copies into target/ (pinned in agent/pom.xml).
   */
  private static Path openTelemetryAgent() {
    Path jar =
        Path.of(System.getProperty("otel.agent.jar", "target/otel/opentelemetry-javaagent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: mvn verify copies it (maven-dependency-plugin, otel-agent)");
    }
    return jar.toAbsolutePath();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void besideTheOpenTelemetryAgentInEitherOrderBothWork(boolean secretsAgentFirst) {
    String ours = "-javaagent:" + AgentJvm.agentJar();
    String otel = "-javaagent:" + openTelemetryAgent();
    AgentJvm.Result result =
        configured()
            .withoutAgent()
            .jvmArg(secretsAgentFirst ? ours : otel)
            .jvmArg(secretsAgentFirst ? otel : ours)
            .jvmArg("-Dotel.traces.exporter=logging")
            .jvmArg("-Dotel.metrics.exporter=none")
            .jvmArg("-Dotel.logs.exporter=none")
            .run(TracedHttpApp.class, "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        String.valueOf(SECRET.length()),
        result.lookups().get("env-length:DB_PASSWORD"),
        result::toString);
    assertEquals("204", result.lookups().get("http:/traced"));
    assertTrue(result.stderr().contains("1 of 1 managed keys served"), result::toString);
    assertTrue(
        result.stderr().contains("LoggingSpanExporter - 'GET' : ")
            && result.stderr().contains("CLIENT"),
        "OpenTelemetry traced the application's HTTP call:\n" + result);
    for (String line : result.stderr().split("\n")) {
      assertFalse(
          line.contains(" ERROR ") || line.contains("Exception") || line.contains("\tat "),
          "an agent complained: " + line);
    }
    assertFalse(result.stderr().contains(SECRET) || result.stdout().contains(SECRET));
  }

  /**
   * jlink images: java.base and java.instrument (for -javaagent), and at most what the backend
   * needs.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "java.base,java.instrument",
        "java.base,java.instrument,java.logging,java.net.http,java.xml,jdk.crypto.ec"
      })
  void aRuntimeImageWithoutJavaManagementServesFileSecretsSilently(String modules)
      throws Exception {
    List<String> command =
        imageCommand(
            RuntimeImage.java(modules), HostApp.class, "served", "DB_PASSWORD", "sleep", "400");
    // the MBean is due after the first refresh interval, which ends while the application runs
    AgentJvm.Result result =
        configured().env("SECRETS_REFRESH_INTERVAL", "100ms").exec(command, null);
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("yes", result.lookups().get("served:DB_PASSWORD"), result::toString);
    assertEquals("slept", result.lookups().get("sleep:400"));
    List<String> lines = new ArrayList<>(List.of(result.stderr().split("\n")));
    lines.removeIf(
        line ->
            line.isBlank()
                || line.contains("the file backend serves secrets from")
                || line.contains("1 of 1 managed keys served"));
    assertEquals(List.of(), lines, "nothing said about JMX:\n" + result);
  }

  @Test
  void aRuntimeImageWithoutTheModulesKeyVaultNeedsRefusesWithOneLine() throws Exception {
    List<String> command =
        imageCommand(
            RuntimeImage.java("java.base,java.instrument"), LookupApp.class, "env", "DB_PASSWORD");
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "azure_keyvault")
            .env("AZURE_KEYVAULT_URL", "https://my-vault.vault.azure.net")
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .env("IDENTITY_ENDPOINT", "http://127.0.0.1:9/msi/token")
            .env("IDENTITY_HEADER", "h")
            .exec(command, null);
    assertEquals(78, result.exitStatus(), result::toString);
    assertEquals("", result.stdout(), "the application must not have run");
    String expected = "the azure_keyvault backend needs the Java module(s) java.net.http,java.xml";
    assertTrue(
        result.stderr().contains(expected)
            && result.stderr().contains("jlink --add-modules java.net.http,java.xml"),
        result::toString);
    assertEquals(
        1, result.stderr().split("needs the Java module", -1).length - 1, result::toString);
    assertFalse(
        result.stderr().contains("NoClassDefFoundError") || result.stderr().contains("\tat "),
        result::toString);
  }

  private static List<String> imageCommand(Path java, Class<?> main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-javaagent:" + AgentJvm.agentJar(),
                "-cp",
                AgentJvm.classPathOf(main),
                main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * A profiler-like agent whose transformer returns new bytes for {@code System} retransforms it in
   * its premain, before or after ours, and again while the application runs. On JDK 17 (before JDK
   * 20, JDK-7124710), an earlier agent's first retransformation leaves the JVM a copy of the
   * original class file that our redefinition does not replace, and the later retransformation
   * would start from it: every managed key would revert to the JDK's value.
   */
  @ParameterizedTest(name = "{0}, other agent first: {1}")
  @MethodSource("jdksAndOrders")
  void thePatchSurvivesAnotherAgentsRetransformationsInEitherOrder(
      AgentJvm.Jdk jdk, boolean otherAgentFirst) throws Exception {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"" + SECRET + "\"}");
    String ours = "-javaagent:" + AgentJvm.agentJar();
    String other = "-javaagent:" + TestJars.agent(dir, RetransformingAgent.class) + "=copy";
    AgentJvm.Result result =
        AgentJvm.on(jdk)
            .withoutAgent()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_FILE", file.path().toString())
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .jvmArg(otherAgentFirst ? other : ours)
            .jvmArg(otherAgentFirst ? ours : other)
            .run(LookupApp.class, "env", "DB_PASSWORD", "retransform-system", "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("1", result.lookups().get("retransformed:System"), result::toString);
    assertEquals(
        "1",
        result.lookups().get("retransform-system:"),
        "the other agent's transformer saw the application-time retransformation: " + result);
    List<String> served = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith("env:DB_PASSWORD=")) {
        served.add(line.substring("env:DB_PASSWORD=".length()));
      }
    }
    assertEquals(List.of(SECRET, SECRET), served, result::toString);
  }

  static Stream<Arguments> jdksAndOrders() {
    return Stream.of(AgentJvm.Jdk.values())
        .flatMap(jdk -> Stream.of(Arguments.of(jdk, true), Arguments.of(jdk, false)));
  }

  /**
   * junit-pioneer, system-lambda and system-stubs 1.x set variables through the field {@code m} of
   * the map {@code System.getenv()} returns; teams run their tests with the agent in {@code
   * JAVA_TOOL_OPTIONS}.
   */
  @ParameterizedTest
  @EnumSource(AgentJvm.Jdk.class)
  void testLibrariesSetVariablesThroughTheEnvironmentMapsFieldM(AgentJvm.Jdk jdk) {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"" + SECRET + "\"}");
    AgentJvm.Result result =
        AgentJvm.on(jdk)
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_FILE", file.path().toString())
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .jvmArg("--add-opens=java.base/java.util=ALL-UNNAMED")
            .run(EnvironmentTrickApp.class, "served", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        "test-value,map=test-value,contains=true,keySet=true",
        result.lookups().get("put:getenv"),
        result::toString);
    assertEquals("1", result.lookups().get("size-delta:put"));
    assertEquals(
        "null,map=null,contains=false,keySet=false", result.lookups().get("removed:getenv"));
    assertEquals("0", result.lookups().get("size-delta:removed"));
    assertEquals("length " + SECRET.length(), result.lookups().get("served:DB_PASSWORD"));
  }

  @Test
  void childProcessesDoNotInheritManagedValues() {
    AgentJvm.Result result =
        configured()
            .run(
                HostApp.class,
                "served",
                "DB_PASSWORD",
                "child-env",
                "DB_PASSWORD",
                "child-java",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("yes", result.lookups().get("served:DB_PASSWORD"), "the parent is served");
    assertEquals("absent", result.lookups().get("child-env:DB_PASSWORD"), result::toString);
    assertEquals("absent", result.lookups().get("child-java:DB_PASSWORD"), result::toString);
  }

  @Test
  void aJavaChildThatInheritsJavaToolOptionsRunsItsOwnAgent() {
    AgentJvm.Result result =
        configured()
            .withoutAgent()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.agentJar())
            .run(
                HostApp.class,
                "served",
                "DB_PASSWORD",
                "child-env",
                "DB_PASSWORD",
                "child-java-inheriting",
                "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("yes", result.lookups().get("served:DB_PASSWORD"), "the parent is served");
    assertEquals("absent", result.lookups().get("child-env:DB_PASSWORD"), result::toString);
    assertEquals(
        "served",
        result.lookups().get("child-java-inheriting:DB_PASSWORD"),
        "resolved by the child's own agent: " + result);
  }
}
