package io.secretsagent.internal.pool;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines one pool integration beside the pool library it drives, with two parents (ADR-017, after
 * Elastic APM's {@code IndyPluginClassLoader}): the contract package {@code io.secretsagent.pool}
 * comes from the agent's loader, so the agent and the integration share its types; the
 * integration's own package is defined here from the agent jar; everything else comes from the
 * library's loader, so the integration links against the application's own version of the library
 * while the application still cannot see the integration.
 */
final class PoolLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  static final String CONTRACT = "io.secretsagent.pool.";

  private final ClassLoader agent;
  private final String integration;

  /**
   * @param library the loader that holds the pool library; the parent for everything else
   * @param agent the agent's loader: the contract's classes, and the integration's class files
   * @param integrationPackage the integration's package, with its sub-packages
   */
  PoolLoader(ClassLoader library, ClassLoader agent, String integrationPackage) {
    super(library);
    this.agent = agent;
    this.integration = integrationPackage + ".";
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(CONTRACT)) {
      return agent.loadClass(name);
    }
    if (!name.startsWith(integration)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    try (InputStream in = agent.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
