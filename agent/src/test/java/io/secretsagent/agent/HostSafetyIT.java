package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.AgentJvm.Jdk;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.harness.TestJars;
import io.secretsagent.testapp.LoggingApp;
import io.secretsagent.testapp.LookupApp;
import io.secretsagent.testapp.RetransformingAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent never breaks, slows or clutters its host. */
class HostSafetyIT {

  static final String SECRET = "host-safety-secret-93b1";

  @TempDir Path dir;

  private AgentJvm configured(Jdk jdk) {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"" + SECRET + "\"}");
    return AgentJvm.on(jdk)
        .env("SECRETS_BACKEND", "file")
        .env("SECRETS_FILE", file.path().toString())
        .env("SECRETS_KEYS", "DB_PASSWORD");
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void withoutConfigurationTheAgentIsSilentAndInstallsNothing(Jdk jdk) {
    AgentJvm.Result result =
        AgentJvm.on(jdk).jvmArg("-verbose:class").run(LookupApp.class, "env", "PATH");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("", result.stderr());
    assertFalse(
        result.stdout().contains("io.secretsagent.internal"),
        "the implementation was not even loaded");
    assertFalse(result.stdout().contains("SecretsAgentBridge"));
  }

  @Test
  void envBackendWithKeysIsSilentToo() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "env")
            .env("SECRETS_KEYS", "PATH")
            .run(LookupApp.class, "env", "PATH");
    assertEquals(0, result.exitStatus());
    assertEquals("", result.stderr());
    assertEquals(System.getenv("PATH"), result.lookups().get("env:PATH"));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void applicationCannotSeeWhatTheAgentBundles(Jdk jdk) {
    AgentJvm.Result result =
        configured(jdk)
            .run(
                LookupApp.class,
                "env",
                "DB_PASSWORD",
                "load-class",
                "net.bytebuddy.ByteBuddy",
                "load-class",
                "net.bytebuddy.jar.asm.ClassReader",
                "load-class",
                "com.azure.json.JsonReader",
                "load-class",
                "io.secretsagent.internal.AgentMain",
                "load-class",
                "io.secretsagent.spi.SecretsBackend",
                "call-bridge",
                "java.lang.SecretsAgentBridge");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(SECRET, result.lookups().get("env:DB_PASSWORD"), "the agent is active");
    result
        .lookups()
        .forEach(
            (lookup, outcome) -> {
              if (lookup.startsWith("load-class:")) {
                assertEquals("missing", outcome, lookup);
              }
            });
    assertEquals(
        "denied",
        result.lookups().get("call-bridge:java.lang.SecretsAgentBridge"),
        "the bridge is package-private");
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void secretsSurviveAnotherAgentRetransformingSystem(Jdk jdk) throws Exception {
    Path second = TestJars.agent(dir, RetransformingAgent.class);
    AgentJvm.Result result =
        configured(jdk).jvmArg("-javaagent:" + second).run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(
        "1",
        result.lookups().get("retransformed:System"),
        "the second agent did retransform System");
    assertEquals(SECRET, result.lookups().get("env:DB_PASSWORD"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aSecondCopyOfTheAgentIsIgnored(boolean builtJarFirst) throws Exception {
    Path built = AgentJvm.agentJar();
    Path other =
        TestJars.withImplementationVersion(
            built, dir.resolve("secrets-agent-9.9.9.jar"), "9.9.9-other");
    Path first = builtJarFirst ? built : other;
    AgentJvm.Result result =
        configured(Jdk.CURRENT)
            .withoutAgent()
            .jvmArg("-javaagent:" + first)
            .jvmArg("-javaagent:" + (builtJarFirst ? other : built))
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals(SECRET, result.lookups().get("env:DB_PASSWORD"));
    assertEquals(
        1, result.stderr().split("managed keys served", -1).length - 1, "started once:\n" + result);
    String version = builtJarFirst ? TestJars.implementationVersion(built) : "9.9.9-other";
    assertEquals(
        1, result.stderr().split("attached more than once", -1).length - 1, result::toString);
    assertTrue(
        result
            .stderr()
            .contains(
                "[secrets-agent] WARN the agent is attached more than once; the first -javaagent (version "
                    + version
                    + ", "
                    + first
                    + ") serves and the others stand down"),
        result::toString);
  }

  @Test
  void aSecondCopyStandsDownSilentlyWhenNothingIsConfigured() throws Exception {
    Path copy =
        java.nio.file.Files.copy(AgentJvm.agentJar(), dir.resolve("secrets-agent-copy.jar"));
    AgentJvm.Result result =
        AgentJvm.current().jvmArg("-javaagent:" + copy).run(LookupApp.class, "env", "PATH");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("", result.stderr());
  }

  @Test
  void theAgentDoesNotStartJavaUtilLogging() {
    AgentJvm.Result result =
        configured(Jdk.CURRENT)
            .env("SECRETS_REFRESH_INTERVAL", "1h")
            .run(LoggingApp.class, "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("Manager", result.lookups().get("logmanager:"));
    assertEquals(SECRET, result.lookups().get("env:DB_PASSWORD"));
  }

  @ParameterizedTest
  @EnumSource(Jdk.class)
  void aLogManagerNamedOnTheCommandLineIsCreatedByTheApplicationNotByTheAgent(Jdk jdk) {
    AgentJvm.Result result =
        configured(jdk)
            .env("SECRETS_REFRESH_INTERVAL", "1h")
            .jvmArg("-Djava.util.logging.manager=" + LoggingApp.Recording.class.getName())
            .run(LoggingApp.class, "DB_PASSWORD");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("Recording", result.lookups().get("logmanager:"), result::toString);
    assertEquals(
        "in-main",
        result.lookups().get("logmanager-created:"),
        "java.util.logging started before main()");
    assertEquals(SECRET, result.lookups().get("env:DB_PASSWORD"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jps", "jcmd", "keytool", "javac"})
  void jdkToolsStandDownEvenWhenTheVaultIsUnusable(String tool) throws Exception {
    // JAVA_TOOL_OPTIONS reaches JDK tools too; a broken configuration must not stop them.
    Path classes = dir.resolve(tool + "-classes.log");
    String options = "-javaagent:" + AgentJvm.agentJar() + " -Xlog:class+load=info:file=" + classes;
    List<String> command =
        switch (tool) {
          case "keytool" -> List.of(Jdk.CURRENT.tool(tool).toString(), "-help");
          case "javac" -> List.of(Jdk.CURRENT.tool(tool).toString(), "-version");
          case "jcmd" -> List.of(Jdk.CURRENT.tool(tool).toString(), "-l");
          default -> List.of(Jdk.CURRENT.tool(tool).toString());
        };
    AgentJvm.Result result =
        AgentJvm.current()
            .env("JAVA_TOOL_OPTIONS", options)
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .env("SECRETS_FILE", "/nonexistent.json")
            .exec(command, null);
    assertEquals(0, result.exitStatus(), result::toString);
    assertFalse(result.stderr().contains("[secrets-agent]"), result::toString);
    String loaded = Files.readString(classes);
    assertTrue(
        loaded.contains("io.secretsagent.premain.AgentPremain"),
        "the agent was attached to " + tool);
    assertFalse(loaded.contains("io.secretsagent.internal"), "and stood down in " + tool);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void javaVersionStandsDown(boolean throughToolOptions) {
    // as a base image sets it: every JVM, java -version included, loads the agent
    String agent = "-javaagent:" + AgentJvm.agentJar();
    AgentJvm jvm =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .env("SECRETS_FILE", "/nonexistent.json");
    List<String> command =
        throughToolOptions
            ? List.of(Jdk.CURRENT.java().toString(), "-version")
            : List.of(Jdk.CURRENT.java().toString(), agent, "-verbose:class", "-version");
    AgentJvm.Result result =
        (throughToolOptions ? jvm.env("JAVA_TOOL_OPTIONS", agent + " -verbose:class") : jvm)
            .exec(command, null);
    assertEquals(0, result.exitStatus(), result::toString);
    assertFalse(result.stderr().contains("[secrets-agent]"), result::toString);
    assertTrue(
        result.stdout().contains("io.secretsagent.premain.AgentPremain"),
        "the agent was attached:\n" + result);
    assertFalse(
        result.stdout().contains("io.secretsagent.internal")
            || result.stdout().contains("AgentClassLoader"),
        "only the premain class was loaded:\n" + result);
  }

  @Test
  void theJarsOwnMainDoesNotAttachToItself() {
    AgentJvm.Result result =
        AgentJvm.current()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.agentJar())
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_KEYS", "A")
            .env("SECRETS_FILE", "/nonexistent.json")
            .exec(
                List.of(Jdk.CURRENT.java().toString(), "-jar", AgentJvm.agentJar().toString()),
                null);
    assertFalse(result.stderr().contains("cannot start"), result::toString);
    assertTrue(result.stderr().contains("usage"), result::toString);
  }
}
