package io.secretsagent.internal.store;

import io.secretsagent.spi.SecretRef;
import java.util.Map;

/** Told when a secret's value changes; the HikariCP integration swaps credentials on it. */
@FunctionalInterface
public interface RotationListener {

  /**
   * Called on an agent thread after the new values are served.
   *
   * @param ref the secret that changed
   * @param values every managed key bound to it, by key name, as now served (all from the same
   *     version, so that a username and password pair change together)
   */
  void rotated(SecretRef ref, Map<String, String> values);
}
