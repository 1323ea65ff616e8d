package io.secretsagent.it.keyvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a child JVM with a clean environment: nothing
 * inherited but {@code PATH}, a fresh {@code HOME}, and what the test passes, so no {@code AZURE_*}
 * variable of the machine can leak in and nothing can reach the real IMDS.
 */
final class ChildJvm {

  private static final long TIMEOUT_SECONDS = 90;

  private ChildJvm() {}

  /**
   * @param javaHome the JDK to run
   * @param env environment variables to add
   * @param jvmOptions options before the main class
   * @return stdout and stderr, merged
   * @throws IllegalStateException if the JVM exits non-zero or overruns the timeout
   */
  static String run(
      Path javaHome,
      Map<String, String> env,
      List<String> jvmOptions,
      Class<?> main,
      String... args)
      throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("child-home");
    Path output = home.resolve("output.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaHome.resolve("bin/java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", home.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output);
    deleteTree(home);
    if (!finished || process.exitValue() != 0) {
      throw new IllegalStateException(
          "Child JVM "
              + (finished ? "exited " + process.exitValue() : "overran " + TIMEOUT_SECONDS + " s")
              + ":\n"
              + text);
    }
    return text;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
