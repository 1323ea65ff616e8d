package io.secretsagent.internal.lookup;

import io.secretsagent.internal.store.ManagedKey;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
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
 */
final class ManagedEnvironment extends AbstractMap<String, String> {

  private final Map<String, String> real;
  private final Map<String, ManagedKey> managed;
  private final Function<ManagedKey, String> valueOf;
  private final Set<Entry<String, String>> entries = new Entries();

  ManagedEnvironment(
      Map<String, String> real,
      Map<String, ManagedKey> managed,
      Function<ManagedKey, String> valueOf) {
    this.real = real;
    this.managed = managed;
    this.valueOf = valueOf;
  }

  /** Whether this view lays its keys over {@code map}. */
  boolean wraps(Map<String, String> map) {
    return real == map;
  }

  @Override
  public String get(Object key) {
    String value = served(key);
    return value != null ? value : real.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return served(key) != null || real.containsKey(key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return entries;
  }

  private String served(Object key) {
    ManagedKey k = managed.get(key);
    return k == null ? null : valueOf.apply(k);
  }

  private final class Entries extends AbstractSet<Entry<String, String>> {
    @Override
    public int size() {
      int size = real.size();
      for (ManagedKey key : managed.values()) {
        if (valueOf.apply(key) != null && !real.containsKey(key.name())) {
          size++;
        }
      }
      return size;
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
      return new EntryIterator();
    }
  }

  /** Managed keys first (those served), then the JDK's entries that they do not hide. */
  private final class EntryIterator implements Iterator<Entry<String, String>> {
    private final Iterator<ManagedKey> managedKeys = managed.values().iterator();
    private final Iterator<Entry<String, String>> realEntries = real.entrySet().iterator();
    private Entry<String, String> next;

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
}
