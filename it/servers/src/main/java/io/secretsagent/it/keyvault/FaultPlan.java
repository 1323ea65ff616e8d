package io.secretsagent.it.keyvault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Faults to inject, changeable at runtime from tests (this class) or from outside (the admin API).
 *
 * <p>Rules are tried in the order they were added; the first one that matches the endpoint,
 * method-agnostic path pattern and still has uses left fires and uses one up. After the rules, an
 * optional global {@linkplain #throttle throttle} limits vault GETs per fixed window, answering
 * {@code 429} beyond it.
 */
public final class FaultPlan {

  /** For {@code times}: the rule never runs out. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private record Rule(Endpoint endpoint, Pattern path, Fault fault, AtomicInteger remaining) {
    boolean matches(Endpoint target, String requestPath) {
      return (endpoint == Endpoint.ANY || endpoint == target)
          && (path == null || path.matcher(requestPath).matches());
    }

    boolean use() {
      return remaining.getAndUpdate(n -> n == ALWAYS || n == 0 ? n : n - 1) > 0;
    }
  }

  private final Clock clock;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Object hangMonitor = new Object();
  private CountDownLatch hangRelease = new CountDownLatch(1);
  private int hanging;
  private GetThrottle throttle;
  private ClientThrottle clientThrottle;

  FaultPlan(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds a rule.
   *
   * @param endpoint where it applies ({@link Endpoint#ANY} for all but admin)
   * @param pathRegex a regular expression the whole request path must match, or {@code null} for
   *     any path
   * @param fault what to do
   * @param times how many requests it applies to, or {@link #ALWAYS}
   */
  public void inject(Endpoint endpoint, String pathRegex, Fault fault, int times) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive; got " + times);
    }
    if (endpoint == Endpoint.ADMIN) {
      throw new IllegalArgumentException(
          "The admin API cannot be faulted: it is how faults are lifted");
    }
    rules.add(
        new Rule(
            endpoint,
            pathRegex == null ? null : Pattern.compile(pathRegex),
            fault,
            new AtomicInteger(times)));
  }

  /** Applies {@code fault} to the next {@code times} vault requests. */
  public void nextVaultRequests(int times, Fault fault) {
    inject(Endpoint.VAULT, null, fault, times);
  }

  /**
   * Makes the managed identity token endpoint answer {@code 503} (or recover, with {@code false}).
   */
  public void tokenEndpointDown(boolean down) {
    rules.removeIf(
        rule ->
            rule.endpoint() == Endpoint.MANAGED_IDENTITY
                && rule.path() == null
                && rule.fault().equals(Fault.unavailable()));
    if (down) {
      inject(Endpoint.MANAGED_IDENTITY, null, Fault.unavailable(), ALWAYS);
    }
  }

  /**
   * Allows at most {@code maxGets} vault GETs per fixed {@code window}; beyond that answers {@code
   * 429} with {@code retryAfter}, like Key Vault's service limits.
   */
  public synchronized void throttle(int maxGets, Duration window, Duration retryAfter) {
    throttle = new GetThrottle(maxGets, window, retryAfter);
  }

  /**
   * Limits authenticated vault GETs per fixed window like Key Vault, answering {@code 429} with the
   * {@code Retry-After} until the window ends, and records clients that ask again too early.
   *
   * @return the throttle, for its counters
   */
  public synchronized ClientThrottle throttlePerClient(
      int maxGets, Duration window, Duration grace) {
    clientThrottle = new ClientThrottle(clock, maxGets, window, grace);
    return clientThrottle;
  }

  /** Removes every rule and the throttles, and releases hung requests. */
  public void clear() {
    rules.clear();
    synchronized (this) {
      throttle = null;
      clientThrottle = null;
    }
    releaseHung();
  }

  /** Lets every request held by a {@link Fault#hang()} continue. */
  public void releaseHung() {
    synchronized (hangMonitor) {
      hangRelease.countDown();
      hangRelease = new CountDownLatch(1);
    }
  }

  /**
   * @return how many requests are held by {@link Fault#hang()} right now
   */
  public int hangingCount() {
    synchronized (hangMonitor) {
      return hanging;
    }
  }

  /**
   * Waits until at least {@code count} requests are hanging.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitHanging(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (hangMonitor) {
      while (hanging < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(hangMonitor, left);
      }
      return true;
    }
  }

  /**
   * @return the fault for this request, if any; uses up one application of the rule that fired
   */
  Optional<Fault> select(Endpoint endpoint, String method, String path) {
    for (Rule rule : rules) {
      if (rule.matches(endpoint, path) && rule.use()) {
        return Optional.of(rule.fault());
      }
    }
    synchronized (this) {
      if (throttle != null
          && endpoint == Endpoint.VAULT
          && "GET".equals(method)
          && !throttle.admit(clock.instant())) {
        return Optional.of(Fault.throttled(throttle.retryAfter));
      }
    }
    return Optional.empty();
  }

  /**
   * @return a {@code 429} from the {@linkplain #throttlePerClient per-client throttle}, if it
   *     applies
   */
  Optional<Fault> selectForClient(
      Endpoint endpoint, String method, String path, String authorization) {
    ClientThrottle t;
    synchronized (this) {
      t = clientThrottle;
    }
    if (t == null || endpoint != Endpoint.VAULT || !"GET".equals(method)) {
      return Optional.empty();
    }
    return t.admit(authorization, path).map(Fault::throttled);
  }

  /** Blocks the calling handler thread until {@link #releaseHung()} (or at most {@code limit}). */
  void hang(Duration limit) throws InterruptedException {
    CountDownLatch release;
    synchronized (hangMonitor) {
      release = hangRelease;
      hanging++;
      hangMonitor.notifyAll();
    }
    try {
      release.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      synchronized (hangMonitor) {
        hanging--;
      }
    }
  }

  private static final class GetThrottle {
    private final int maxGets;
    private final Duration window;
    private final Duration retryAfter;
    private Instant windowStart = Instant.MIN;
    private int used;

    GetThrottle(int maxGets, Duration window, Duration retryAfter) {
      if (maxGets < 0 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "Throttle needs maxGets >= 0 and a positive window; got " + maxGets + " per " + window);
      }
      this.maxGets = maxGets;
      this.window = window;
      this.retryAfter = retryAfter;
    }

    boolean admit(Instant now) {
      if (windowStart == Instant.MIN || !now.isBefore(windowStart.plus(window))) {
        windowStart = now;
        used = 0;
      }
      return ++used <= maxGets;
    }
  }
}
