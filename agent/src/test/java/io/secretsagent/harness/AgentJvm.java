package io.secretsagent.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM that runs a test application with the built agent jar, as users run it. The
 * environment starts clean of agent, Azure and JVM-option variables, so that the machine's settings
 * never leak into a test.
 */
public final class AgentJvm {

  /** The JDK running the tests (17 in CI), and JDK 25 where present. */
  public enum Jdk {
    CURRENT(Path.of(System.getProperty("java.home"))),
    JDK25(Path.of(System.getProperty("jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64")));

    private final Path home;

    Jdk(Path home) {
      this.home = home;
    }

    /** The java launcher; skips the test, visibly, when this JDK is absent. */
    public Path java() {
      Path java = home.resolve("bin/java");
      assumeTrue(
          Files.isExecutable(java), "JDK not installed at " + home + ": skipping the JDK 25 run");
      return java;
    }

    public Path tool(String name) {
      return java().resolveSibling(name);
    }
  }

  private final Jdk jdk;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private String agentArgs;
  private String extraClassPath = "";
  private boolean agent = true;

  private AgentJvm(Jdk jdk) {
    this.jdk = jdk;
  }

  public static AgentJvm on(Jdk jdk) {
    return new AgentJvm(jdk);
  }

  public static AgentJvm current() {
    return on(Jdk.CURRENT);
  }

  public static Path agentJar() {
    Path jar = Path.of(System.getProperty("agent.jar", "target/secrets-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run mvn package (the agent tests run after it, in failsafe)");
    }
    return jar.toAbsolutePath();
  }

  public AgentJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public AgentJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  public AgentJvm agentArgs(String args) {
    this.agentArgs = args;
    return this;
  }

  public AgentJvm withoutAgent() {
    this.agent = false;
    return this;
  }

  /**
   * Runs {@code main} of the class with only the directory or jar it comes from on the class path
   * (test classes, never the agent's), plus {@code extraClassPath}.
   */
  public Result run(Class<?> main, String... args) {
    return run(main, null, args);
  }

  /** Like {@link #run(Class, String...)}, telling {@code onStdoutLine} each line as it comes. */
  public Result run(Class<?> main, Consumer<String> onStdoutLine, String... args) {
    List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
    if (agent) {
      command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
    }
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPathOf(main) + extraClassPath, main.getName()));
    command.addAll(List.of(args));
    return exec(command, onStdoutLine);
  }

  /** Runs any command (a JDK tool, {@code java -jar ...}) in the same clean environment. */
  public Result exec(List<String> command, Consumer<String> onStdoutLine) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("SECRETS_")
                    || k.startsWith("AZURE_")
                    || k.startsWith("IDENTITY_")
                    || k.startsWith("VAULT_")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS")
                    || k.equals("_JAVA_OPTIONS"));
    env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9"); // never the real IMDS
    env.putAll(environment);
    long start = System.nanoTime();
    try {
      Process process = builder.start();
      CompletableFuture<String> stdout =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream(), onStdoutLine));
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream(), null));
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        String threads = threadDump(Path.of(command.get(0)), process.pid());
        process.destroyForcibly();
        throw new AssertionError(
            "child JVM did not finish within 60 s: "
                + command
                + "\nstderr: "
                + stderr.getNow("")
                + "\nthreads (jcmd Thread.print):\n"
                + threads);
      }
      return new Result(
          process.exitValue(),
          stdout.join(),
          stderr.join(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * What a hung child JVM's threads are doing, for the failure message; the agent stands down in
   * jcmd.
   */
  private static String threadDump(Path java, long pid) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  java.resolveSibling("jcmd").toString(), String.valueOf(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(jcmd.getInputStream(), null));
      if (!jcmd.waitFor(15, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        return "(jcmd did not answer within 15 s)";
      }
      return out.join();
    } catch (IOException e) {
      return "(no thread dump: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static String read(InputStream in, Consumer<String> onLine) {
    StringBuilder text = new StringBuilder();
    try (var reader =
        new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        text.append(line).append('\n');
        if (onLine != null) {
          onLine.accept(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  public static String classPathOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds entries (e.g. the application's own libraries) after the main class's location. */
  public AgentJvm classPath(String entries) {
    extraClassPath += File.pathSeparator + entries;
    return this;
  }

  /** What a child JVM did. */
  public record Result(int exitStatus, String stdout, String stderr, Duration wall) {

    /** The {@code command:argument=result} lines of {@code LookupApp}. */
    public Map<String, String> lookups() {
      Map<String, String> results = new LinkedHashMap<>();
      for (String line : stdout.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          results.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return results;
    }

    @Override
    public String toString() {
      return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
