package io.secretsagent.testapp;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's application: looks up {@code SECRET_1..SECRET_n} once, as a service reading its
 * configuration would, and prints the milliseconds from its launch (the epoch milliseconds the
 * benchmark passes as the second argument; the process start time the OS reports has a resolution
 * of a second) to {@code main()} and to the values being served, and its peak RSS ({@code VmHWM})
 * just before it exits.
 */
public final class HelloApp {

  public static void main(String[] args) throws Exception {
    long launched = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis();
    long atMain = System.currentTimeMillis() - launched;
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int found = 0;
    for (int i = 1; i <= count; i++) {
      found += System.getenv("SECRET_" + i) != null ? 1 : 0;
    }
    long served = System.currentTimeMillis() - launched;
    String hwm =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmHWM:"))
            .findFirst()
            .orElse("VmHWM: 0 kB");
    System.out.println(
        "found="
            + found
            + " mainMs="
            + atMain
            + " servedMs="
            + served
            + " hwmKiB="
            + hwm.replaceAll("\\D", ""));
  }
}
