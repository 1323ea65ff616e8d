package io.secretsagent.testapp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An application that knows nothing of the agent: it performs the lookups named in its arguments
 * and prints one {@code command:argument=result} line each. JDK classes only.
 */
public final class LookupApp {

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      String command = args[i];
      boolean noArgument =
          command.equals("map-consistent")
              || command.equals("uptime")
              || command.equals("retransform-system");
      String arg = i + 1 < args.length && !noArgument ? args[i + 1] : "";
      String result;
      switch (command) {
        case "uptime" ->
            result =
                String.valueOf(
                    java.time.Duration.between(
                            ProcessHandle.current().info().startInstant().orElseThrow(),
                            java.time.Instant.now())
                        .toMillis());
        case "env" -> result = System.getenv(arg);
        case "env-length" ->
            result = String.valueOf(System.getenv(arg) == null ? -1 : System.getenv(arg).length());
        case "prop" -> result = System.getProperty(arg);
        case "prop-default" -> result = System.getProperty(arg, "the-default");
        case "integer" -> result = String.valueOf(Integer.getInteger(arg));
        case "map-get" -> result = System.getenv().get(arg);
        case "map-contains" ->
            result =
                String.valueOf(
                    System.getenv().containsKey(arg) && System.getenv().keySet().contains(arg));
        case "map-consistent" -> result = mapConsistent();
        // the needle is the value served for a variable, so that no secret is on the command line
        case "environ-contains" ->
            result =
                String.valueOf(
                    new String(
                            Files.readAllBytes(Path.of("/proc/self/environ")),
                            StandardCharsets.UTF_8)
                        .contains(System.getenv(arg)));
        case "properties-contain" ->
            result = String.valueOf(System.getProperties().toString().contains(System.getenv(arg)));
        case "call-bridge" -> result = callBridge(arg);
        case "mbean" -> result = mbeanAttribute(arg);
        case "load-class" -> result = loadable(arg);
        case "await-env" -> result = awaitEnv(arg, args[i + 2]);
        case "retransform-system" ->
            // the second agent's, on the system class path like every -javaagent jar
            result =
                String.valueOf(
                    Class.forName("io.secretsagent.testapp.RetransformingAgent")
                        .getMethod("retransformSystem")
                        .invoke(null));
        case "sleep" -> {
          Thread.sleep(Long.parseLong(arg));
          result = "slept";
        }
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
      System.out.println(command + ":" + arg + "=" + result);
      i += noArgument ? 0 : command.equals("await-env") ? 2 : 1;
    }
  }

  /** The same map object each call, and every view agrees with {@code get}. */
  private static String mapConsistent() {
    Map<String, String> env = System.getenv();
    if (env != System.getenv()) {
      return "not-same-object";
    }
    List<String> problems = new ArrayList<>();
    int[] count = {0};
    env.forEach(
        (k, v) -> {
          count[0]++;
          if (!v.equals(env.get(k))
              || !env.containsKey(k)
              || !v.equals(env.getOrDefault(k, null))) {
            problems.add(k);
          }
        });
    if (count[0] != env.size()
        || env.keySet().size() != env.size()
        || env.values().size() != env.size()
        || env.entrySet().size() != env.size()
        || !env.equals(Map.copyOf(env))
        || env.hashCode() != Map.copyOf(env).hashCode()) {
      problems.add("sizes/equals/hashCode");
    }
    try {
      env.put("X", "y");
      problems.add("modifiable");
    } catch (UnsupportedOperationException expected) {
      // unmodifiable, like the JDK's
    }
    return problems.isEmpty() ? "ok" : problems.toString();
  }

  /** An attribute of the agent's MBean, waiting up to 5 s for it to be registered. */
  static String mbeanAttribute(String attribute) throws Exception {
    javax.management.MBeanServer server =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName name =
        new javax.management.ObjectName("io.secretsagent:type=SecretsAgent");
    for (int i = 0; i < 250 && !server.isRegistered(name); i++) {
      Thread.sleep(20);
    }
    if (!server.isRegistered(name)) {
      return "not registered";
    }
    Object value = server.getAttribute(name, attribute);
    return value instanceof String[] lines ? String.join(" | ", lines) : String.valueOf(value);
  }

  /** The bridge inside java.lang can be loaded by name, but not called. */
  private static String callBridge(String className) {
    try {
      Class.forName(className)
          .getDeclaredMethod("getenv", String.class, String.class)
          .invoke(null, "x", "y");
      return "called";
    } catch (IllegalAccessException e) {
      return "denied";
    } catch (ReflectiveOperationException e) {
      return e.toString();
    }
  }

  private static String loadable(String className) {
    try {
      Class.forName(className, false, LookupApp.class.getClassLoader());
      return "found";
    } catch (ClassNotFoundException e) {
      return "missing";
    }
  }

  /** Polls until the variable has the value: a rotation is served on the next lookup. */
  private static String awaitEnv(String name, String expected) throws InterruptedException {
    System.out.println("waiting");
    System.out.flush();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (expected.equals(System.getenv(name))) {
        return "seen";
      }
      Thread.sleep(20);
    }
    return "timeout";
  }
}
