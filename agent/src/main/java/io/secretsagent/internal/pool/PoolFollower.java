package io.secretsagent.internal.pool;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.RotationListener;
import io.secretsagent.pool.BoundPool;
import io.secretsagent.pool.PoolEvents;
import io.secretsagent.spi.SecretRef;
import java.util.Map;

/**
 * One bound pool following its secret: a rotation moves the pool to the new credentials, a login
 * the database rejects refreshes the secret, and the pool's end lets it go.
 */
final class PoolFollower implements RotationListener, PoolEvents {

  private final String family;
  private final String pool;
  private final Object identity;
  private final Binding binding;
  private final String username;
  private final Secrets secrets;
  private final RejectionRefresher refresher;
  private final BoundPools status;
  private volatile BoundPool bound;

  /**
   * @param identity the object the pool was announced with, the key of its status
   * @param username the pool's username when bound, kept when the secret holds only a password
   */
  PoolFollower(
      String family,
      String pool,
      Object identity,
      Binding binding,
      String username,
      Secrets secrets,
      RejectionRefresher refresher,
      BoundPools status) {
    this.family = family;
    this.pool = pool;
    this.identity = identity;
    this.binding = binding;
    this.username = username;
    this.secrets = secrets;
    this.refresher = refresher;
    this.status = status;
  }

  /**
   * Starts following; moves the pool at once if the secret rotated while it was being bound.
   *
   * @param boundPassword the pool's password when it was found
   */
  void start(BoundPool bound, String boundPassword) {
    this.bound = bound;
    SecretRef ref = binding.password().ref();
    status.add(identity, pool, binding);
    secrets.addListener(this);
    String served = binding.password().value();
    if (served != null && !served.equals(boundPassword)) {
      rotated(ref, secrets.values(ref));
    }
    Log.info(
        family + " pool '" + pool + "' follows secret '" + ref + "' (" + binding.describe() + ")");
  }

  @Override
  public void rotated(SecretRef rotated, Map<String, String> values) {
    SecretRef ref = binding.password().ref();
    if (!rotated.equals(ref)) {
      return;
    }
    String user = binding.username() == null ? username : values.get(binding.username().name());
    bound
        .applyCredentials(user, values.get(binding.password().name()))
        .whenComplete(
            (result, error) -> {
              status.swapped(
                  identity,
                  error == null ? result.name() : "FAILED " + error.getClass().getSimpleName());
              if (error != null) {
                Log.warn(
                    family
                        + " pool '"
                        + pool
                        + "' could not move to the rotated secret '"
                        + ref
                        + "': "
                        + error);
              } else {
                Log.info(
                    family
                        + " pool '"
                        + pool
                        + "' and the rotated secret '"
                        + ref
                        + "': "
                        + result);
              }
            });
  }

  @Override
  public void loginRejected(String sqlState) {
    refresher.rejected(family, pool, binding.password().ref(), sqlState);
  }

  @Override
  public void validationRefused(String sqlState) {
    status.validationRefused(identity);
  }

  @Override
  public void closed() {
    secrets.removeListener(this);
    try {
      BoundPool b = bound;
      if (b != null) {
        b.close();
      }
    } catch (RuntimeException e) {
      Log.debug("closing the binding of a closed " + family + " pool failed: " + e);
    }
    status.remove(identity);
    Log.info(
        family
            + " pool '"
            + pool
            + "' was closed; it no longer follows secret '"
            + binding.password().ref()
            + "'");
  }
}
