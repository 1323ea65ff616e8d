package io.secretsagent.pool;

/**
 * How the agent finds one family of pools, without a standing transformer (ADR-017). Loaded in the
 * agent's own class loader through {@code META-INF/services/io.secretsagent.pool.PoolFamily}, so it
 * must reference JDK types only, never the pool library.
 *
 * <p>Discovery runs in two steps. When the application looks up the system property {@link
 * #triggerProperty()} with {@link #triggerClass()} on the stack, the agent has found the pool
 * library's class loader; once per loader it patches {@link #watchedClass()} there, so that {@link
 * #watchedConstructor()} tells the agent, before each of its returns, of argument {@link
 * #watchedArgument()}. The agent then loads {@link #integrationClass()} beside the library and
 * hands it that argument.
 */
public interface PoolFamily {

  /** The family's name in log lines and in the bridge's hook, e.g. {@code HikariCP}. */
  String name();

  /**
   * A system property the library looks up, as a string literal, whenever it configures a pool:
   * compared by identity on every lookup, so it costs nothing for other keys.
   */
  String triggerProperty();

  /** The binary name of the class that looks up {@link #triggerProperty()}. */
  String triggerClass();

  /** The binary name of the class whose constructor announces a pool. */
  String watchedClass();

  /** The JVM descriptor of that constructor, e.g. {@code (Lcom/zaxxer/hikari/HikariConfig;)V}. */
  String watchedConstructor();

  /** Which local the constructor hands over: 0 for the new object, 1 for its first parameter. */
  int watchedArgument();

  /**
   * The binary name of this family's {@link PoolIntegration}, with a public no-argument
   * constructor. Its package (and sub-packages) is defined beside the pool library; keep it apart
   * from this {@code PoolFamily}'s other users.
   */
  String integrationClass();

  /** How to configure a pool so that its password can follow a rotation, for a warning. */
  String passwordAdvice();
}
