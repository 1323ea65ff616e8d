package io.secretsagent.testapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The benchmark's application: looks up {@code SECRET_1..SECRET_n} once, as a service reading
 * its configuration would, and prints the milliseconds from process start to {@code main()} and
 * to the values being served, and its peak RSS ({@code VmHWM}) just before it exits.
 */
public final class HelloApp {

  public static void main(String[] args) throws Exception {
    long atMain = uptimeMillis();
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int found = 0;
    for (int i = 1; i <= count; i++) {
      found += System.getenv("SECRET_" + i) != null ? 1 : 0;
    }
    long served = uptimeMillis();
    String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: 0 kB");
    System.out.println("found=" + found + " mainMs=" + atMain + " servedMs=" + served + " hwmKiB=" + hwm.replaceAll("\\D", ""));
  }

  private static long uptimeMillis() {
    return Duration.between(ProcessHandle.current().info().startInstant().orElseThrow(), Instant.now()).toMillis();
  }
}
