package io.secretsagent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Per-lookup cost: the same lookups in a JVM without the agent and in one with it (file backend,
 * {@code MANAGED} and {@code managed.property} managed), in one run.
 *
 * <pre>
 * java -cp "agent/target/test-classes:$(cat agent/target/bench.classpath)" io.secretsagent.bench.LookupBenchmark [agent.jar]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {

  String unmanagedEnv = "PATH";
  String managedEnv = "MANAGED";
  String unmanagedProperty = "java.version";
  String managedProperty = "managed.property";

  @Benchmark
  public String getenvUnmanaged() {
    return System.getenv(unmanagedEnv);
  }

  @Benchmark
  public String getenvManaged() {
    return System.getenv(managedEnv);
  }

  @Benchmark
  public String getPropertyUnmanaged() {
    return System.getProperty(unmanagedProperty);
  }

  @Benchmark
  public String getPropertyManaged() {
    return System.getProperty(managedProperty);
  }

  public static void main(String[] args) throws Exception {
    Path jar =
        Path.of(args.length > 0 ? args[0] : "agent/target/secrets-agent.jar").toAbsolutePath();
    Path file = Files.createTempDirectory("lookup-bench").resolve("secrets.json");
    Files.writeString(
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
        "{\"managed\": \"a-secret-value\", \"managed-property\": \"another-secret\"}");
    String agent =
        "-javaagent:"
            + jar
            + "=backend=file;file="
            + file
            + ";keys=MANAGED;properties=managed.property;log.level=warn";
    List<RunResult> without = new ArrayList<>(run(null));
    List<RunResult> with = new ArrayList<>(run(agent));
    System.out.printf(
        "%n%-22s %12s %12s %10s%n", "benchmark (ns/op)", "no agent", "agent", "delta");
    for (int i = 0; i < without.size(); i++) {
      String name = without.get(i).getParams().getBenchmark().replaceAll(".*\\.", "");
      double a = without.get(i).getPrimaryResult().getScore();
      double b = with.get(i).getPrimaryResult().getScore();
      System.out.printf("%-22s %12.2f %12.2f %+10.2f%n", name, a, b, b - a);
    }
  }

  private static Collection<RunResult> run(String agentArg) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options
        .include(LookupBenchmark.class.getName() + "\\.")
        .forks(2)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1));
    if (agentArg != null) {
      options.jvmArgsAppend(agentArg);
    }
    Options built = options.build();
    return new Runner(built).run();
  }
}
