package io.secretsagent.bench;

import io.secretsagent.harness.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the agent costs a JDK tool that picks it up through {@code JAVA_TOOL_OPTIONS}: wall time of
 * {@code java -version} without the variable, and with the agent in it and a Key Vault
 * configuration in the environment, as in a container whose base image sets both; and, to tell the
 * JVM's own cost of any {@code -javaagent} from the agent's, with an agent that does nothing
 * ({@link NoopAgent}). Runs alternate (these machines are noisy); medians are reported.
 *
 * <pre>
 * java -cp agent/target/test-classes io.secretsagent.bench.JavaVersionBenchmark [runs] [agent.jar]
 * </pre>
 */
public final class JavaVersionBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    Path jar =
        Path.of(args.length > 1 ? args[1] : "agent/target/secrets-agent.jar").toAbsolutePath();
    Path noop = TestJars.agent(Files.createTempDirectory("java-version-bench"), NoopAgent.class);
    List<String> names =
        List.of(
            "without JAVA_TOOL_OPTIONS",
            "a do-nothing agent",
            "secrets-agent, Key Vault configured");
    List<Map<String, String>> variants =
        List.of(
            Map.of(),
            Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + noop),
            Map.of(
                "JAVA_TOOL_OPTIONS",
                "-javaagent:" + jar,
                "SECRETS_BACKEND",
                "azure_keyvault",
                "AZURE_KEYVAULT_URL",
                "https://my-vault.vault.azure.net",
                "SECRETS_KEYS",
                "DB_PASSWORD,JWT_SECRET_KEY"));
    long[][] wall = new long[variants.size()][runs];
    for (int r = -3; r < runs; r++) { // three warm-up rounds
      for (int v = 0; v < variants.size(); v++) {
        long nanos = run(variants.get(v));
        if (r >= 0) {
          wall[v][r] = nanos;
        }
      }
    }
    System.out.printf(
        "java -version, median of %d alternating runs, Java %s%n",
        runs, System.getProperty("java.version"));
    for (int v = 0; v < variants.size(); v++) {
      System.out.printf(
          "  %-38s %7.1f ms  (%+.1f ms)%n",
          names.get(v), median(wall[v]) / 1e6, (median(wall[v]) - median(wall[0])) / 1e6);
    }
    System.out.printf(
        "load average at the end %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
  }

  /**
   * @return wall nanoseconds of one {@code java -version}, which must succeed without a word from
   *     the agent
   */
  private static long run(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version"))
            .redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("SECRETS_")
                    || k.startsWith("AZURE_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    int status = process.waitFor();
    long wall = System.nanoTime() - start;
    if (status != 0 || out.contains("[secrets-agent]")) {
      throw new IllegalStateException("unexpected java -version: exit " + status + "\n" + out);
    }
    return wall;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** An agent that does nothing: the JVM's own cost of {@code -javaagent}. */
  public static final class NoopAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {
      // nothing
    }
  }
}
