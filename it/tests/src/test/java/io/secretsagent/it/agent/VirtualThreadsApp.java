package io.secretsagent.it.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code count} virtual threads at once in {@code main}, each looking up the variable {@code
 * name}, and prints how many of them saw a value (all the same one) and how long the last one took:
 * {@code served:NAME=n/count} and {@code waited-ms:NAME=...}. Never prints a value. Needs JDK 21 or
 * newer; built for 17, so virtual threads are reached reflectively.
 */
public final class VirtualThreadsApp {

  public static void main(String[] args) throws Exception {
    String name = args[0];
    int count = Integer.parseInt(args[1]);
    long start = System.nanoTime();
    List<Future<String>> lookups = new ArrayList<>();
    ExecutorService threads =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    for (int i = 0; i < count; i++) {
      lookups.add(threads.submit(() -> System.getenv(name)));
    }
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      System.out.println("served:" + name + "=timeout");
      return;
    }
    long waited = (System.nanoTime() - start) / 1_000_000;
    String first = lookups.get(0).get();
    int served = 0;
    for (Future<String> lookup : lookups) {
      served += first != null && first.equals(lookup.get()) ? 1 : 0;
    }
    System.out.println("served:" + name + "=" + served + "/" + count);
    System.out.println("waited-ms:" + name + "=" + waited);
  }
}
