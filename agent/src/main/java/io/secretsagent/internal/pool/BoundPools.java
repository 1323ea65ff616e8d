package io.secretsagent.internal.pool;

import io.secretsagent.spi.SecretRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools being followed, for JMX: one line each, never a credential. Keyed by identity (a pool
 * keeps Object's equals): two pools may share a name.
 */
final class BoundPools {

  private record Status(
      String pool,
      SecretRef ref,
      String follows,
      int swaps,
      Instant lastSwap,
      String outcome,
      int refused) {

    @Override
    public String toString() {
      return pool
          + " -> secret '"
          + ref
          + "' ("
          + follows
          + "), swaps "
          + swaps
          + (lastSwap == null ? "" : ", last swap " + lastSwap + " " + outcome)
          + ", validation logins refused "
          + refused;
    }
  }

  private final Clock clock;
  private final Map<Object, Status> pools = new ConcurrentHashMap<>();

  BoundPools(Clock clock) {
    this.clock = clock;
  }

  void add(Object pool, String name, Binding binding) {
    pools.put(
        pool, new Status(name, binding.password().ref(), binding.describe(), 0, null, null, 0));
  }

  void remove(Object pool) {
    pools.remove(pool);
  }

  void swapped(Object pool, String outcome) {
    Instant now = clock.instant();
    pools.computeIfPresent(
        pool, (p, s) -> new Status(s.pool, s.ref, s.follows, s.swaps + 1, now, outcome, s.refused));
  }

  void validationRefused(Object pool) {
    pools.computeIfPresent(
        pool,
        (p, s) ->
            new Status(s.pool, s.ref, s.follows, s.swaps, s.lastSwap, s.outcome, s.refused + 1));
  }

  List<String> lines() {
    return pools.values().stream().map(Status::toString).sorted().toList();
  }
}
