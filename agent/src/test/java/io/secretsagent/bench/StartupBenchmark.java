package io.secretsagent.bench;

import io.secretsagent.testapp.HelloApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost of the agent with the file backend and 20 managed keys, against the same app
 * without the agent, measured alternately in one run (these machines are noisy). Reports the
 * medians of wall time (process start to exit) and peak RSS, as ratio and delta.
 *
 * <pre>java -cp agent/target/test-classes io.secretsagent.bench.StartupBenchmark [runs] [agent.jar]</pre>
 */
public final class StartupBenchmark {

  private static final int SECRETS = 20;

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    Path jar = Path.of(args.length > 1 ? args[1] : "agent/target/secrets-agent.jar").toAbsolutePath();
    Path dir = Files.createTempDirectory("startup-bench");
    Path file = dir.resolve("secrets.json");
    StringBuilder json = new StringBuilder("{");
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= SECRETS; i++) {
      json.append(i > 1 ? "," : "").append("\"secret-").append(i).append("\":\"value-").append(i).append("\"");
      keys.add("SECRET_" + i);
    }
    Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), json + "}");
    Map<String, String> agentEnv = Map.of("SECRETS_BACKEND", "file", "SECRETS_FILE", file.toString(),
        "SECRETS_KEYS", String.join(",", keys));
    String classes = Path.of(HelloApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> plain = List.of(javaBin(), "-cp", classes, HelloApp.class.getName());
    List<String> agent = List.of(javaBin(), "-javaagent:" + jar, "-cp", classes, HelloApp.class.getName());

    for (int i = 0; i < 3; i++) { // warm the file cache and the CPU
      run(plain, Map.of());
      run(agent, agentEnv);
    }
    long[] plainWall = new long[runs];
    long[] agentWall = new long[runs];
    long[] plainRss = new long[runs];
    long[] agentRss = new long[runs];
    for (int i = 0; i < runs; i++) {
      long[] p = run(plain, Map.of());
      long[] a = run(agent, agentEnv);
      plainWall[i] = p[0];
      plainRss[i] = p[1];
      agentWall[i] = a[0];
      agentRss[i] = a[1];
    }
    report("wall time (ms)", median(plainWall) / 1e6, median(agentWall) / 1e6);
    report("peak RSS (MiB)", median(plainRss) / 1024.0, median(agentRss) / 1024.0);
    System.out.printf("%d runs each, alternating, %s, %d managed keys (file backend)%n", runs, System.getProperty("java.version"), SECRETS);
  }

  /** @return wall nanoseconds and peak RSS in KiB */
  private static long[] run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("SECRETS_") || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    long wall = System.nanoTime() - start;
    if (status != 0 || !out.contains("found=" + (env.isEmpty() ? 0 : SECRETS))) {
      throw new IllegalStateException("unexpected run of " + command + ": exit " + status + "\n" + out);
    }
    return new long[] {wall, Long.parseLong(out.replaceAll("(?s).*hwmKiB=(\\d+).*", "$1"))};
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void report(String what, double plain, double agent) {
    System.out.printf("%-16s without agent %7.1f   with agent %7.1f   delta %+7.1f   ratio %.2f%n", what, plain, agent, agent - plain, agent / plain);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
