package io.secretsagent.internal.hikari;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the {@code hikari-integration} module (bundled in the agent jar) as a child of the
 * application's loader that holds HikariCP, so that it links against the application's own
 * HikariCP, whatever its version, while the application still cannot see it.
 */
final class IntegrationLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String PACKAGE = "io.secretsagent.hikari.";

  private final ClassLoader agent;

  IntegrationLoader(ClassLoader hikari, ClassLoader agent) {
    super(hikari);
    this.agent = agent;
  }

  /** The integration's classes come from the agent jar first, never from the application. */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(PACKAGE)) {
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
