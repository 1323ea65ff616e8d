package io.secretsagent.internal.lookup;

import io.secretsagent.internal.store.ManagedKey;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code System.getenv()} returns: the JDK's environment with the managed keys laid over it.
 * Unmodifiable and live: every view ({@code get}, {@code containsKey}, {@code entrySet}, {@code
 * size}, {@code keySet}, {@code values}, {@code forEach}, {@code equals}, {@code hashCode}) agrees
 * with the values served at that moment. One instance serves every call, because Spring Boot treats
 * the environment as immutable only when its source {@code == System.getenv()}.
 *
 * <p>Test libraries (junit-pioneer, system-lambda, system-stubs 1.x) set variables by reflecting on
 * the field {@code m} of the JDK's map, {@code Collections$UnmodifiableMap}, and writing to the
 * modifiable map it holds. This view has a field {@code m} too, holding that same JDK map (behind a
 * write counter), so a variable put this way is in the JDK's environment, seen by {@code
 * System.getenv(name)} and by this view; a managed key still wins over it.
 *
 * <p>{@code size} is counted once and recounted only when the environment was written through
 * {@code m}, its size changed, or a managed key not served before has been resolved since: a served
 * value never goes back to null (the store keeps the last good value).
 */
final class ManagedEnvironment extends AbstractMap<String, String> {

  private final Map<String, String> real;
  private final Map<String, ManagedKey> managed;
  private final Function<ManagedKey, String> valueOf;
  private final Set<Entry<String, String>> entries = new Entries();

  /** The map the JDK's own {@code m} holds, for reflective writers; see the class comment. */
  @SuppressWarnings("FieldMayBeFinal")
  private volatile Map<String, String> m;

  private volatile long writes;
  private volatile Count count;

  /** How many managed keys add to the JDK's entries, and what that count depends on. */
  private record Count(
      Map<String, String> environment,
      int environmentSize,
      long writes,
      int extra,
      List<ManagedKey> pending) {}

  ManagedEnvironment(
      Map<String, String> real,
      Map<String, ManagedKey> managed,
      Function<ManagedKey, String> valueOf) {
    this.real = real;
    this.managed = managed;
    this.valueOf = valueOf;
    Map<String, String> writable = modifiableBehind(real);
    this.m = writable == null ? real : new Writable(writable);
  }

  /**
   * The modifiable map behind the JDK's unmodifiable one, or null; the agent opens {@code
   * java.util} to itself (BridgeInjector) for this.
   */
  private static Map<String, String> modifiableBehind(Map<String, String> jdkMap) {
    try {
      Field field = jdkMap.getClass().getDeclaredField("m");
      field.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<String, String> inner = (Map<String, String>) field.get(jdkMap);
      return inner;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Whether this view lays its keys over {@code map}. */
  boolean wraps(Map<String, String> map) {
    return real == map;
  }

  /** The environment under the managed keys: the JDK's, or what a test library put in {@code m}. */
  private Map<String, String> environment() {
    return m;
  }

  @Override
  public String get(Object key) {
    String value = served(key);
    return value != null ? value : environment().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return served(key) != null || environment().containsKey(key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return entries;
  }

  private String served(Object key) {
    ManagedKey k = managed.get(key);
    return k == null ? null : valueOf.apply(k);
  }

  private int size(Map<String, String> environment) {
    Count c = count;
    int environmentSize = environment.size();
    if (c == null
        || c.environment != environment
        || c.environmentSize != environmentSize
        || c.writes != writes
        || anyResolved(c.pending)) {
      c = recount(environment, environmentSize);
      count = c;
    }
    return environmentSize + c.extra;
  }

  private boolean anyResolved(List<ManagedKey> pending) {
    for (ManagedKey key : pending) {
      if (valueOf.apply(key) != null) {
        return true;
      }
    }
    return false;
  }

  private Count recount(Map<String, String> environment, int environmentSize) {
    long writesBefore = writes;
    int extra = 0;
    List<ManagedKey> pending = new ArrayList<>();
    for (ManagedKey key : managed.values()) {
      if (valueOf.apply(key) == null) {
        pending.add(key);
      } else if (!environment.containsKey(key.name())) {
        extra++;
      }
    }
    return new Count(environment, environmentSize, writesBefore, extra, List.copyOf(pending));
  }

  private final class Entries extends AbstractSet<Entry<String, String>> {
    @Override
    public int size() {
      return ManagedEnvironment.this.size(environment());
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
      return new EntryIterator(environment());
    }
  }

  /** Managed keys first (those served), then the environment's entries that they do not hide. */
  private final class EntryIterator implements Iterator<Entry<String, String>> {
    private final Iterator<ManagedKey> managedKeys = managed.values().iterator();
    private final Iterator<Entry<String, String>> realEntries;
    private Entry<String, String> next;

    EntryIterator(Map<String, String> environment) {
      this.realEntries = environment.entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
      while (next == null && managedKeys.hasNext()) {
        ManagedKey key = managedKeys.next();
        String value = valueOf.apply(key);
        if (value != null) {
          next = new SimpleImmutableEntry<>(key.name(), value);
        }
      }
      while (next == null && realEntries.hasNext()) {
        Entry<String, String> e = realEntries.next();
        if (served(e.getKey()) == null) {
          // a plain entry: the JDK's own entries do not hash alike on every JDK (25), which
          // would break hashCode's agreement with an equal map
          next = new SimpleImmutableEntry<>(e.getKey(), e.getValue());
        }
      }
      return next != null;
    }

    @Override
    public Entry<String, String> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Entry<String, String> e = next;
      next = null;
      return e;
    }
  }

  /** The JDK's modifiable environment map, counting the writes made through it. */
  private final class Writable extends AbstractMap<String, String> {
    private final Map<String, String> jdk;

    Writable(Map<String, String> jdk) {
      this.jdk = jdk;
    }

    @Override
    public String get(Object key) {
      return jdk.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return jdk.containsKey(key);
    }

    @Override
    public int size() {
      return jdk.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return jdk.entrySet();
    }

    @Override
    public String put(String key, String value) {
      try {
        return jdk.put(key, value);
      } finally {
        writes++;
      }
    }

    @Override
    public String remove(Object key) {
      try {
        return jdk.remove(key);
      } finally {
        writes++;
      }
    }

    @Override
    public void clear() {
      try {
        jdk.clear();
      } finally {
        writes++;
      }
    }
  }
}
