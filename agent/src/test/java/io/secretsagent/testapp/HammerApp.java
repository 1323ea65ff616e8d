package io.secretsagent.testapp;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application that knows nothing of the agent: {@code threads} threads look up, for {@code
 * seconds}, {@code System.getenv(COUNTER)}, {@code System.getProperty(app.counter)}, {@code
 * System.getenv().get(COUNTER)}, an entry of {@code System.getenv().entrySet()}, and {@code
 * DB_USERNAME}/{@code DB_PASSWORD}, whose values end in an increasing version number ({@code
 * user-17}, {@code pw-17}). Each thread remembers the newest version it saw per lookup and counts
 * every older one seen after it, every null and every exception. Prints {@code name:=value} lines:
 * {@code lookups}, {@code nulls}, {@code exceptions}, {@code older-after-newer}, {@code
 * versions-seen} (how many distinct versions), {@code stuck} (threads not done 10 s after the end).
 * JDK classes only.
 */
public final class HammerApp {

  private static final AtomicLong LOOKUPS = new AtomicLong();
  private static final AtomicLong NULLS = new AtomicLong();
  private static final AtomicLong EXCEPTIONS = new AtomicLong();
  private static final AtomicLong OLDER = new AtomicLong();
  private static final Set<Long> VERSIONS = ConcurrentHashMap.newKeySet();
  private static final Set<String> PROBLEMS = ConcurrentHashMap.newKeySet();

  public static void main(String[] args) throws InterruptedException {
    int threads = Integer.parseInt(args[0]);
    long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    System.out.println("ready");
    System.out.flush();
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  hammer(end);
                } finally {
                  done.countDown();
                }
              },
              "hammer-" + i);
      t.setDaemon(true);
      t.start();
    }
    boolean finished =
        done.await(Long.parseLong(args[1]) + 10, java.util.concurrent.TimeUnit.SECONDS);
    System.out.println("lookups:=" + LOOKUPS.get());
    System.out.println("nulls:=" + NULLS.get());
    System.out.println("exceptions:=" + EXCEPTIONS.get());
    System.out.println("older-after-newer:=" + OLDER.get());
    System.out.println("versions-seen:=" + VERSIONS.size());
    System.out.println("problems:=" + new TreeSet<>(PROBLEMS));
    System.out.println(
        "stuck:=" + done.getCount() + (finished ? "" : " " + Thread.getAllStackTraces().keySet()));
  }

  private static void hammer(long end) {
    long[] newest = new long[6];
    Map<String, String> env = System.getenv();
    while (System.nanoTime() < end) {
      try {
        check(newest, 0, "getenv", System.getenv("COUNTER"), "");
        check(newest, 1, "getProperty", System.getProperty("app.counter"), "");
        check(newest, 2, "getenv().get", env.get("COUNTER"), "");
        check(newest, 3, "getenv().entrySet", entry(env, "COUNTER"), "");
        check(newest, 4, "DB_USERNAME", System.getenv("DB_USERNAME"), "user-");
        check(newest, 5, "DB_PASSWORD", System.getenv("DB_PASSWORD"), "pw-");
        if (System.getenv() != env) {
          PROBLEMS.add("System.getenv() returned another map");
        }
      } catch (RuntimeException e) {
        EXCEPTIONS.incrementAndGet();
        PROBLEMS.add(e.toString());
      }
    }
  }

  /** Walks the entry set, as Spring Boot and environment dumps do. */
  private static String entry(Map<String, String> env, String name) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static void check(long[] newest, int slot, String lookup, String value, String prefix) {
    LOOKUPS.incrementAndGet();
    if (value == null) {
      NULLS.incrementAndGet();
      PROBLEMS.add(lookup + " returned null");
      return;
    }
    if (!value.startsWith(prefix)) {
      PROBLEMS.add(lookup + " returned a value without the prefix '" + prefix + "'");
      return;
    }
    long version = Long.parseLong(value.substring(prefix.length()));
    VERSIONS.add(version);
    if (version < newest[slot]) {
      OLDER.incrementAndGet();
      PROBLEMS.add(lookup + " went back from version " + newest[slot] + " to " + version);
    }
    newest[slot] = Math.max(newest[slot], version);
  }
}
