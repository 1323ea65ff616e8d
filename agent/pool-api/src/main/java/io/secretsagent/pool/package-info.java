/**
 * The contract between the agent and a connection-pool integration (ADR-017). The agent's isolated
 * loader loads this package once; each integration's loader delegates this package to it and
 * everything else to the pool library's loader, so both sides see the same types. JDK types only:
 * no pool library, nothing of the agent's implementation.
 *
 * <p>A pool family is one {@link io.secretsagent.pool.PoolFamily} (how the agent finds the pools,
 * read in the agent's loader, listed in {@code META-INF/services}) and one {@link
 * io.secretsagent.pool.PoolIntegration} (what it does with one, loaded beside the pool library).
 * See {@code docs/pool-integrations.md}.
 */
package io.secretsagent.pool;
