package io.secretsagent.it.keyvault;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What the server answered, recorded just before the answer is written (so a client holding a
 * response always finds its entry): the last {@value #CAPACITY} requests in full, and a count per
 * endpoint and method for all of them. Thread-safe.
 */
public final class RequestLog {

  /** How many entries are kept; older ones are dropped (their counts remain). */
  public static final int CAPACITY = 10_000;

  /** Status logged for a request whose connection was dropped without a response. */
  public static final int DROPPED = -1;

  /**
   * One answered request.
   *
   * @param time when the answer was ready
   * @param endpoint which part of the server answered
   * @param method HTTP method
   * @param path request path, without query
   * @param status HTTP status, or {@link #DROPPED}
   */
  public record Entry(Instant time, Endpoint endpoint, String method, String path, int status) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  RequestLog() {}

  void add(Entry entry) {
    synchronized (entries) {
      if (entries.size() == CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(entry);
    }
    counts
        .computeIfAbsent(entry.endpoint() + " " + entry.method(), k -> new LongAdder())
        .increment();
  }

  /**
   * @return a snapshot of the kept entries, oldest first
   */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /**
   * @return how many kept entries match
   */
  public long count(Predicate<Entry> filter) {
    return entries().stream().filter(filter).count();
  }

  /**
   * @return how many requests to {@code endpoint} with {@code method} were answered since the last
   *     clear
   */
  public long count(Endpoint endpoint, String method) {
    LongAdder adder = counts.get(endpoint + " " + method);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * @return counts keyed by {@code "ENDPOINT METHOD"}
   */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new java.util.TreeMap<>();
    counts.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }

  /** Forgets every entry and count. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
    counts.clear();
  }
}
