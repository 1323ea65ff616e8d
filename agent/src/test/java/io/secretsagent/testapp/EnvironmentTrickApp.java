package io.secretsagent.testapp;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Sets an environment variable as junit-pioneer ({@code @SetEnvironmentVariable}), system-lambda
 * ({@code withEnvironmentVariable}) and system-stubs 1.x do on Linux and macOS: reflect on the
 * field {@code m} of the map {@code System.getenv()} returns, and write to the map it holds. Then
 * prints what the application sees, and with {@code size-cost N}, the mean cost of {@code
 * System.getenv().size()} over N calls. JDK classes only; needs {@code --add-opens
 * java.base/java.util=ALL-UNNAMED} without the agent, as those libraries do.
 */
public final class EnvironmentTrickApp {

  public static void main(String[] args) throws Exception {
    String name = "SET_BY_A_TEST";
    int before = System.getenv().size();
    Map<String, String> env = System.getenv();
    Field field = env.getClass().getDeclaredField("m");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    Map<String, String> writable = (Map<String, String>) field.get(env);
    writable.put(name, "test-value");
    print("put", name);
    System.out.println("size-delta:put=" + (System.getenv().size() - before));
    writable.remove(name);
    print("removed", name);
    System.out.println("size-delta:removed=" + (System.getenv().size() - before));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("served")) {
        String value = System.getenv(args[i + 1]);
        System.out.println(
            "served:" + args[i + 1] + "=" + (value == null ? "null" : "length " + value.length()));
      } else if (args[i].equals("size-cost")) {
        int calls = Integer.parseInt(args[i + 1]);
        long sum = 0;
        long start = System.nanoTime();
        for (int n = 0; n < calls; n++) {
          sum += System.getenv().size();
        }
        System.out.println(
            "size-cost:ns=" + (System.nanoTime() - start) / calls + " (size " + sum / calls + ")");
      }
    }
  }

  private static void print(String step, String name) {
    System.out.println(
        step
            + ":getenv="
            + System.getenv(name)
            + ",map="
            + System.getenv().get(name)
            + ",contains="
            + System.getenv().containsKey(name)
            + ",keySet="
            + System.getenv().keySet().contains(name));
  }
}
