package io.secretsagent.bench;

import io.secretsagent.testapp.HelloApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up cost of the agent against the same app without it, in one run: the variants run
 * alternately (these machines are noisy) and the medians of wall time (process start to exit), time
 * to {@code main()}, time until the app has read its 20 managed values, and peak RSS are reported,
 * with ratio and delta against the first variant.
 *
 * <pre>java -cp agent/target/test-classes io.secretsagent.bench.StartupBenchmark [runs] [agent.jar]
 *     [other-agent.jar]</pre>
 *
 * runs the file backend; with a second jar (an earlier build), both run in the same rounds, so a
 * regression shows against the same baseline; {@code it}'s {@code KeyVaultStartupBenchmark} runs
 * Key Vault.
 */
public final class StartupBenchmark {

  /** One way of starting the app. */
  public record Variant(String name, List<String> jvmArgs, Map<String, String> env) {}

  public static final int SECRETS = 20;
  private static final Pattern OUTPUT =
      Pattern.compile("found=(\\d+) mainMs=(\\d+) servedMs=(\\d+) hwmKiB=(\\d+)");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    Path jar =
        Path.of(args.length > 1 ? args[1] : "agent/target/secrets-agent.jar").toAbsolutePath();
    Path dir = Files.createTempDirectory("startup-bench");
    Path file = dir.resolve("secrets.json");
    StringBuilder json = new StringBuilder("{");
    for (int i = 1; i <= SECRETS; i++) {
      json.append(i > 1 ? "," : "")
          .append("\"secret-")
          .append(i)
          .append("\":\"value-")
          .append(i)
          .append("\"");
    }
    Files.writeString(
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
        json + "}");
    Map<String, String> env =
        Map.of(
            "SECRETS_BACKEND", "file", "SECRETS_FILE", file.toString(), "SECRETS_KEYS", keyList());
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("no agent", List.of(), Map.of()));
    variants.add(new Variant("file backend", List.of("-javaagent:" + jar), env));
    if (args.length > 2) {
      Path other = Path.of(args[2]).toAbsolutePath();
      variants.add(
          new Variant("file backend, " + other.getFileName(), List.of("-javaagent:" + other), env));
    }
    compare(runs, variants);
  }

  /** {@code SECRET_1,...,SECRET_20}, served from {@code secret-1...secret-20}. */
  public static String keyList() {
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= SECRETS; i++) {
      keys.add("SECRET_" + i);
    }
    return String.join(",", keys);
  }

  /**
   * Runs every variant {@code runs} times, alternately, after three warm-up rounds, and prints the
   * table.
   */
  public static void compare(int runs, List<Variant> variants) throws Exception {
    for (int i = 0; i < 3; i++) {
      for (Variant v : variants) {
        run(v);
      }
    }
    Map<Variant, long[][]> results = new LinkedHashMap<>();
    for (Variant v : variants) {
      results.put(v, new long[4][runs]);
    }
    for (int r = 0; r < runs; r++) {
      for (Variant v : variants) {
        long[] one = run(v);
        for (int m = 0; m < 4; m++) {
          results.get(v)[m][r] = one[m];
        }
      }
    }
    String[] metrics = {"wall (ms)", "to main() (ms)", "values read (ms)", "peak RSS (MiB)"};
    double[] scale = {1e6, 1, 1, 1024};
    Variant base = variants.get(0);
    System.out.printf(
        "%-22s %-18s %10s %10s %10s%n", "variant", "metric", "median", "delta", "ratio");
    for (Variant v : variants) {
      for (int m = 0; m < 4; m++) {
        double value = median(results.get(v)[m]) / scale[m];
        double reference = median(results.get(base)[m]) / scale[m];
        System.out.printf(
            "%-22s %-18s %10.1f %+10.1f %10.2f%n",
            v.name(), metrics[m], value, value - reference, value / reference);
      }
    }
    System.out.printf(
        "%d runs each, alternating, Java %s, %d managed keys, load average at the end %s%n",
        runs,
        System.getProperty("java.version"),
        SECRETS,
        Files.readString(Path.of("/proc/loadavg")).trim());
  }

  /**
   * @return wall nanoseconds, ms to main(), ms to values read, peak RSS in KiB
   */
  private static long[] run(Variant variant) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(variant.jvmArgs());
    command.addAll(
        List.of(
            "-cp",
            Path.of(HelloApp.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString(),
            HelloApp.class.getName(),
            String.valueOf(SECRETS)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("SECRETS_")
                    || k.startsWith("AZURE_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(variant.env());
    command.add(String.valueOf(System.currentTimeMillis()));
    long start = System.nanoTime();
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    long wall = System.nanoTime() - start;
    Matcher m = OUTPUT.matcher(out);
    if (status != 0
        || !m.find()
        || Integer.parseInt(m.group(1)) != (variant.env().isEmpty() ? 0 : SECRETS)) {
      throw new IllegalStateException(
          "unexpected run of " + variant.name() + ": exit " + status + "\n" + out);
    }
    return new long[] {
      wall, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))
    };
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
