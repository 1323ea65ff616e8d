package io.secretsagent.internal.lookup;

import io.secretsagent.internal.config.KeySpec;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.store.ManagedKey;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The lookups behind the patched {@code System} methods. A managed key answers with the value
 * served for it; anything else, and a managed key not (yet) resolved, answers with the JDK's own
 * value. The maps are built once and only read afterwards.
 */
public final class Lookups {

  /** Lets resolution's own verdict (exit or warning) come first when the budget runs out. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, ManagedKey> environment = new HashMap<>();
  private final Map<String, ManagedKey> properties = new HashMap<>();

  private String[] watchedProperties = {};
  private Consumer<String> onWatchedProperty;
  private final CountDownLatch ready;
  private final long deadline;
  private final LongSupplier nanoTime;
  private volatile ManagedEnvironment environmentView;

  /**
   * @param concurrentDeadline in concurrent start, the {@code nanoTime} until which a lookup of an
   *     unresolved managed key waits for {@link #ready()}; 0 in blocking start
   * @param nanoTime the agent's clock, {@code Scheduler::nanoTime}
   */
  public Lookups(List<ManagedKey> keys, long concurrentDeadline, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    for (ManagedKey key : keys) {
      (key.kind() == KeySpec.Kind.ENVIRONMENT ? environment : properties).put(key.name(), key);
    }
    this.ready = new CountDownLatch(concurrentDeadline == 0 ? 0 : 1);
    this.deadline = concurrentDeadline;
  }

  /** Resolution is over: lookups stop waiting. */
  public void ready() {
    ready.countDown();
  }

  /**
   * The value served for a key; during a concurrent start, waits for resolution (never on the
   * agent's own threads, which resolve). Past the budget the agent has ended the JVM or, with
   * {@code SECRETS_FAIL_FAST=false}, given up on the key: the JDK's value is served.
   */
  String served(ManagedKey key) {
    String value = key.value();
    if (value != null || ready.getCount() == 0 || AgentThreads.isAgentThread()) {
      return value;
    }
    try {
      ready.await(Math.max(0, deadline - nanoTime.getAsLong()) + GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return key.value();
  }

  /**
   * Connects the bridge, which {@code System} calls, to these lookups.
   *
   * @param bridgeInstall the bridge's {@code install(BinaryOperator, BinaryOperator,
   *     UnaryOperator)}
   */
  public void install(MethodHandle bridgeInstall) throws Throwable {
    bridgeInstall.invoke(lookup(environment), propertyLookup(), environmentMap());
  }

  /**
   * Pool discovery (ADR-017): {@code onLookup} is told when one of {@code keys} is looked up, e.g.
   * {@code hikaricp.configurationFile}, which {@code HikariConfig}'s constructor reads.
   *
   * @param keys interned: libraries pass string literals, compared by identity
   */
  public void watchProperties(List<String> keys, Consumer<String> onLookup) {
    this.watchedProperties = keys.toArray(new String[0]);
    this.onWatchedProperty = onLookup;
  }

  /** System properties, plus the watched ones: identity checks on a miss, nearly free. */
  BinaryOperator<String> propertyLookup() {
    BinaryOperator<String> managed = lookup(properties);
    String[] watched = watchedProperties;
    Consumer<String> onLookup = onWatchedProperty;
    if (watched.length == 0) {
      return managed;
    }
    return (key, jdkValue) -> {
      for (String w : watched) {
        if (key == w) { // the library passes a literal: the same interned string
          onLookup.accept(key);
        }
      }
      return managed.apply(key, jdkValue);
    };
  }

  BinaryOperator<String> lookup(Map<String, ManagedKey> keys) {
    return (name, jdkValue) -> {
      ManagedKey key = keys.get(name);
      if (key == null) {
        return jdkValue;
      }
      String value = served(key);
      return value != null ? value : jdkValue;
    };
  }

  /** {@code System.getenv()}: one view for the JDK's one map, the same object for every caller. */
  UnaryOperator<Map<String, String>> environmentMap() {
    return jdkMap -> {
      ManagedEnvironment view = environmentView;
      if (view != null && view.wraps(jdkMap)) {
        return view;
      }
      synchronized (
          environment) { // two first callers at once must not each get a view of their own
        view = environmentView;
        if (view == null || !view.wraps(jdkMap)) {
          view = new ManagedEnvironment(jdkMap, environment, this::served);
          environmentView = view;
        }
        return view;
      }
    };
  }
}
