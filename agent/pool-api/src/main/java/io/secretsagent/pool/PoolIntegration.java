package io.secretsagent.pool;

/**
 * One pool family's integration. Instantiated once per class loader of the pool library, in a
 * loader that sees that library and this package. Must be thread-safe.
 */
public interface PoolIntegration {

  /**
   * The pool behind what the watched constructor handed over.
   *
   * @param announced the argument named by {@link PoolFamily#watchedArgument()}
   * @throws IllegalArgumentException when it is not a pool this integration follows; the message
   *     says why, without a credential, and is logged at debug
   */
  FoundPool inspect(Object announced);
}
