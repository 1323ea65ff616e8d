package io.secretsagent.harness;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random input generator for the fuzz tests: every case is derived from the seed, and a
 * failure names the seed and the case so that {@code -Dfuzz.seed=<seed>} replays it. {@code
 * -Dfuzz.seed=random} explores new inputs; {@code -Dfuzz.cases=N} runs more.
 */
public final class Fuzz {

  /** Planted where a secret value would be; no message may ever contain it. */
  public static final String MARKER = "s3cr3t-MARKER-9f1c";

  /** Fragments that have broken parsers before: separators, odd Unicode, numbers at the edges. */
  private static final List<String> NASTY =
      List.of(
          "",
          " ",
          "=",
          ";",
          ",",
          "#",
          "/",
          "//",
          "\\",
          "\"",
          "'",
          "(",
          ")",
          "\u0000",
          "\n",
          "\r\n",
          "\t",
          "\u00a0",
          "\u2028",
          "\ufeff",
          "é",
          "İ",
          "ß",
          "\ud834\udd1e",
          "\ud800",
          "\udfff",
          "٣",
          "１",
          "0",
          "-1",
          "00",
          "999999999",
          "9999999999",
          "2147483648",
          "1e309",
          "NaN",
          "%",
          "%zz",
          "[",
          "]",
          "{",
          "}",
          ":",
          "@",
          "?",
          "&",
          "*",
          ".",
          "..",
          "-",
          "_",
          "\u202e",
          "true",
          "false",
          "null");

  private final long seed;
  private final SplittableRandom random;

  private Fuzz(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * @return the generator for this run, from {@code -Dfuzz.seed} or {@code defaultSeed}
   */
  public static Fuzz fromSeed(long defaultSeed) {
    String given = System.getProperty("fuzz.seed");
    long seed =
        given == null
            ? defaultSeed
            : given.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(given);
    return new Fuzz(seed);
  }

  /**
   * @return {@code -Dfuzz.cases}, or {@code def}
   */
  public static int cases(int def) {
    return Integer.getInteger("fuzz.cases", def);
  }

  public long seed() {
    return seed;
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /**
   * @return a number from {@code origin} (inclusive) to {@code bound} (exclusive)
   */
  public int nextInt(int origin, int bound) {
    return random.nextInt(origin, bound);
  }

  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  public <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** A nasty fragment, a random code point run, or (rarely) a long run. */
  public String fragment() {
    int kind = random.nextInt(10);
    if (kind < 5) {
      return pick(NASTY);
    }
    if (kind < 9) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(1, 8); i > 0; i--) {
        int c = random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2fff) : random.nextInt(0x20, 0x7f);
        s.appendCodePoint(c);
      }
      return s.toString();
    }
    return "x".repeat(random.nextInt(1_000, 100_000));
  }

  /** Replaces, inserts or deletes characters at random places. */
  public String mutate(String s) {
    StringBuilder b = new StringBuilder(s);
    for (int i = random.nextInt(1, 4); i > 0; i--) {
      int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> b.insert(at, fragment());
        case 1 -> b.delete(at, Math.min(b.length(), at + random.nextInt(1, 6)));
        case 2 -> b.setLength(at);
        default -> {
          if (at < b.length()) {
            b.setCharAt(at, (char) random.nextInt(0x20, 0x7f));
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * Generates one input and checks what the code under test did with it; messages show the input.
   */
  @FunctionalInterface
  public interface Case {
    void run(Fuzz fuzz) throws Throwable;
  }

  /**
   * Runs {@code count} cases, each within {@code perCase}; the first failure fails the test with
   * the seed, the case number and the input.
   */
  public void run(String name, int count, Duration perCase, Case check) {
    for (int i = 0; i < count; i++) {
      long caseSeed = random.nextLong();
      Fuzz one = new Fuzz(caseSeed);
      int index = i;
      try {
        assertTimeoutPreemptively(
            perCase,
            () -> check.run(one),
            () -> name + ": case " + index + " did not finish within " + perCase + replay(index));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            name + ": case " + index + " failed" + replay(index) + ": " + e.getMessage(), e);
      } catch (Throwable t) {
        fail(name + ": case " + index + " threw " + t + replay(index), t);
      }
    }
  }

  private String replay(int index) {
    return " (replay with -Dfuzz.seed=" + seed + ", case " + index + ")";
  }

  /** For messages: control characters escaped, long inputs shortened. */
  public static String show(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(300)
        .forEach(
            c -> {
              if (c < 0x20
                  || (c >= 0x7f && c < 0xa0)
                  || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return s.length() > 300 ? b + "...(" + s.length() + " chars)" : b.toString();
  }
}
