package io.secretsagent.internal.store;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.Secret;
import io.secretsagent.spi.SecretRef;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One secret the agent tracks: the managed keys bound to it, the value served, and how fetching it
 * fares (counters, last refresh, last failure, the next renewal and the expiry of a credential that
 * expires). Times are {@link Scheduler#nanoTime()} values. Thread-safe: every field is guarded by
 * this object's lock, and no lock is held while a backend is called or listeners are told.
 */
final class TrackedSecret {

  final SecretRef ref;
  final List<ManagedKey> keys;

  private Secret current;
  private Secret refused;
  private int failures;
  private int failuresTotal;
  private int rotations;
  private Instant lastRefresh;
  private String lastFailure;
  private Duration retryAfter;
  private long fetchedAt;
  private long renewAt;
  private int expiryAlarm;
  private CompletableFuture<Fetch> inFlight;

  TrackedSecret(SecretRef ref, List<ManagedKey> keys) {
    this.ref = ref;
    this.keys = List.copyOf(keys);
  }

  synchronized Secret current() {
    return current;
  }

  synchronized int failures() {
    return failures;
  }

  synchronized String lastFailure() {
    return lastFailure;
  }

  synchronized Duration retryAfter() {
    return retryAfter;
  }

  /** The fetch in flight, or null after starting {@code next} as the one in flight. */
  synchronized CompletableFuture<Fetch> joinOrStart(CompletableFuture<Fetch> next) {
    if (inFlight != null) {
      return inFlight;
    }
    inFlight = next;
    return null;
  }

  synchronized void fetchDone() {
    inFlight = null;
  }

  /** The start-up phase is over: the next failure is the first of an outage. */
  synchronized void startRunning() {
    failures = 0;
  }

  /**
   * Counts a failure.
   *
   * @return the number of failures in a row, this one included
   */
  synchronized int failed(Exception e, boolean running) {
    lastFailure = e instanceof BackendException ? e.getMessage() : String.valueOf(e);
    retryAfter = e instanceof BackendException b ? b.retryAfter() : null;
    if (running) {
      failuresTotal++;
    }
    return ++failures;
  }

  /**
   * Counts a success, and when the secret expires, when to renew it.
   *
   * @return the failures in a row before this success
   */
  synchronized int fetched(Secret secret, long now, Instant wallNow, Duration renewal) {
    int before = failures;
    failures = 0;
    retryAfter = null;
    lastRefresh = wallNow;
    fetchedAt = now;
    if (secret.lifetime() != null) {
      renewAt = now + renewal.toNanos();
      expiryAlarm = 0;
    }
    return before;
  }

  /**
   * The value of every key for {@code secret}: the selected JSON field, or the whole value.
   *
   * @throws BackendException naming the secret and key (never the value) when a field is missing or
   *     a value cannot be served, e.g. a NUL character for an environment variable
   */
  String[] valuesOf(Secret secret) throws BackendException {
    String[] values = new String[keys.size()];
    for (int i = 0; i < values.length; i++) {
      ManagedKey key = keys.get(i);
      values[i] =
          key.field() == null
              ? secret.value()
              : JsonField.select(secret.value(), key.field(), ref.name());
      if (key.kind() == KeySpec.Kind.ENVIRONMENT && values[i].indexOf('\0') >= 0) {
        throw new BackendException(
            BackendException.Kind.INVALID,
            "the value of secret '"
                + ref
                + (key.field() == null ? "" : "#" + key.field())
                + "' for environment variable "
                + key.name()
                + " contains a NUL character, which no process environment can hold"
                + " (a child process's environment copied from System.getenv() would fail);"
                + " remove it from the secret, or manage the key as a system property ("
                + Setting.PROPERTIES.environmentName()
                + ")");
      }
    }
    return values;
  }

  /**
   * Serves {@code secret} if it is new.
   *
   * @return whether the served value changed
   */
  synchronized boolean serve(Secret secret, String[] values, boolean countRotation) {
    boolean changed = !secret.sameAs(current);
    if (changed) {
      for (int i = 0; i < values.length; i++) {
        keys.get(i).value(values[i]);
      }
      if (countRotation) {
        rotations++;
      }
    }
    current = secret; // a renewal with the same value still brings a new lifetime
    refused = null;
    return changed;
  }

  /**
   * Remembers a version that could not be served.
   *
   * @return whether it is new (the first refusal of it, so worth a warning)
   */
  synchronized boolean refuse(Secret secret) {
    boolean first = !secret.sameAs(refused);
    refused = secret;
    return first;
  }

  /** Time until the served value expires (negative once expired), or null if it does not. */
  synchronized Duration untilExpiry(long now) {
    if (current == null || current.lifetime() == null) {
      return null;
    }
    return Duration.ofNanos(fetchedAt + RefreshPolicy.nanos(current.lifetime()) - now);
  }

  /**
   * Time until the served value is due for renewal (never negative), or null if it does not expire.
   */
  synchronized Duration untilRenewal(long now) {
    if (current == null || current.lifetime() == null) {
      return null;
    }
    return Duration.ofNanos(Math.max(0, renewAt - now));
  }

  /**
   * How close the served value is to its expiry, each stage reported once per value: 1 when less
   * than a quarter of its lifetime is left, 2 once it has expired; else 0.
   */
  synchronized int expiryAlarm(long now) {
    Duration left = untilExpiry(now);
    if (left == null) {
      return 0;
    }
    int stage =
        left.isNegative() || left.isZero()
            ? 2
            : left.compareTo(current.lifetime().dividedBy(4)) < 0 ? 1 : 0;
    if (stage <= expiryAlarm) {
      return 0;
    }
    expiryAlarm = stage;
    return stage;
  }

  /** Every key's value as now served, by key name. */
  Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ManagedKey key : keys) {
      values.put(key.name(), key.value());
    }
    return values;
  }

  /** For messages: {@code DB_PASSWORD, DB_USERNAME}. */
  String keyNames() {
    return String.join(", ", keys.stream().map(ManagedKey::name).toList());
  }

  /**
   * One line per key for JMX: key, secret, version, served, last refresh, failed refreshes,
   * rotations, and the expiry of a credential that expires. Never a value.
   */
  synchronized List<String> status(long now, Instant wallNow) {
    Duration left = untilExpiry(now);
    String expiry = left == null ? "" : ", expires " + wallNow.plus(left);
    return keys.stream()
        .map(
            key ->
                key.describe()
                    + ": version "
                    + (current == null ? null : current.version())
                    + ", served "
                    + (key.value() != null)
                    + ", last refresh "
                    + lastRefresh
                    + ", failed refreshes "
                    + failuresTotal
                    + ", rotations "
                    + rotations
                    + expiry)
        .toList();
  }
}
