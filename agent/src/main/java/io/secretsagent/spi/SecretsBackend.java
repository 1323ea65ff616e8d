package io.secretsagent.spi;

/**
 * A source of secrets. Implementations are created by a {@link SecretsBackendProvider}, called from
 * the agent's own threads, concurrently for different secrets (never concurrently for the same
 * one), and must never put a secret value or a credential into an exception message.
 */
public interface SecretsBackend extends AutoCloseable {

  /**
   * Checks once, before any secret is fetched, that the backend is reachable and that the agent is
   * authorised. Backends without such a notion do nothing.
   *
   * @throws BackendException naming what failed and what to do
   */
  default void probe() throws BackendException {}

  /** What {@link #probe()} waits for, for the message when it takes longer than the budget. */
  default String probeDescription() {
    return describe();
  }

  /**
   * Fetches the current value of a secret (or the pinned version, if the reference has one).
   *
   * @throws BackendException when the secret cannot be served; {@link BackendException#kind()}
   *     tells the agent whether to retry, back off or give up
   */
  Secret fetch(SecretRef ref) throws BackendException;

  /** Where secrets come from, for messages: never a credential. */
  String describe();

  /** Releases connections and threads; short-lived JVMs must not wait for them at exit. */
  @Override
  default void close() {}
}
