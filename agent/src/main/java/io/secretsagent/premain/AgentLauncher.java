package io.secretsagent.premain;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Creates the isolated class loader and hands off to the implementation, reflectively and with JDK
 * types only.
 */
final class AgentLauncher {

  static final String ENTRY_CLASS = "io.secretsagent.internal.AgentMain";

  private AgentLauncher() {}

  static void launch(String args, Instrumentation inst, File jar) throws Throwable {
    invoke(jar, "premain", new Class<?>[] {String.class, Instrumentation.class}, args, inst);
  }

  static void main(String[] args, File jar) throws Throwable {
    invoke(jar, "main", new Class<?>[] {String[].class}, (Object) args);
  }

  private static void invoke(File jar, String name, Class<?>[] types, Object... args)
      throws Throwable {
    Class<?> main = Class.forName(ENTRY_CLASS, true, new AgentClassLoader(jar));
    Method method = main.getMethod(name, types);
    try {
      method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * One setting by its agent-argument name: agent argument, then system property {@code
   * secrets.<name>}, then environment variable.
   */
  static String setting(String args, String name, String envName) {
    if (args != null) {
      for (String pair : args.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          return pair.substring(eq + 1);
        }
      }
    }
    String value = System.getProperty("secrets." + name);
    return value != null ? value : System.getenv(envName);
  }
}
