package io.secretsagent.testapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An application doing what hosts do beyond lookups: it starts child processes and lives a while.
 * Prints one {@code command:argument=result} line per command, never a value:
 *
 * <ul>
 *   <li>{@code served NAME}: whether {@code System.getenv(NAME)} has a value here;
 *   <li>{@code child-env NAME}: whether the variable, or the value served here, appears in the
 *       output of {@code env} started with {@link ProcessBuilder};
 *   <li>{@code child-java NAME}: whether a Java child (this JDK, no agent) sees the variable;
 *   <li>{@code child-java-inheriting NAME}: the same for a Java child that inherits {@code
 *       JAVA_TOOL_OPTIONS}, and with it its own copy of the agent;
 *   <li>{@code sleep MILLIS}.
 * </ul>
 */
public final class HostApp {

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      String name = args[i + 1];
      String result =
          switch (args[i]) {
            case "served" -> System.getenv(name) != null ? "yes" : "no";
            case "child-env" -> childEnv(name);
            case "child-java" -> childJava(name, false);
            case "child-java-inheriting" -> childJava(name, true);
            case "sleep" -> {
              Thread.sleep(Long.parseLong(name));
              yield "slept";
            }
            default -> throw new IllegalArgumentException("unknown command " + args[i]);
          };
      System.out.println(args[i] + ":" + name + "=" + result);
    }
  }

  private static String childEnv(String name) throws IOException, InterruptedException {
    String output = run(new ProcessBuilder("env"));
    String value = System.getenv(name);
    boolean named = output.lines().anyMatch(line -> line.startsWith(name + "="));
    boolean valued = value != null && output.contains(value);
    return named || valued ? "inherited" : "absent";
  }

  private static String childJava(String name, boolean inheritToolOptions)
      throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + "/bin/java";
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LookupApp.class.getName(),
            "env-length",
            name);
    if (!inheritToolOptions) {
      Map<String, String> env = builder.environment();
      env.remove("JAVA_TOOL_OPTIONS");
      env.remove("JDK_JAVA_OPTIONS");
    }
    List<String> lines = run(builder).lines().toList();
    String value = System.getenv(name);
    if (lines.contains("env-length:" + name + "=-1")) {
      return "absent";
    }
    return value != null && lines.contains("env-length:" + name + "=" + value.length())
        ? "served"
        : "unexpected " + lines;
  }

  private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }
}
