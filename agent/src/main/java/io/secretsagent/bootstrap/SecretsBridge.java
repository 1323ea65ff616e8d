package io.secretsagent.bootstrap;

import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The one agent class that {@code java.lang.System} calls. It is not loaded under this name: the
 * agent renames it into package {@code java.lang} and defines it there, in {@code java.base}
 * (ADR-005), so that the patched {@code System} can call it while nothing outside {@code java.lang}
 * can: the lookups are package-private. It references JDK types only; the implementation, in the
 * agent's isolated loader, plugs in through {@link #install}. The one public method, {@link
 * #hikariPoolStarted}, is called by HikariCP's patched pool constructor, from whatever class loader
 * HikariCP lives in (ADR-012).
 *
 * <p>The patched {@code System} methods run unchanged and pass their result through here on the way
 * out: {@code return SecretsBridge.getenv(result, name)}. Without an installed lookup, or when the
 * lookup fails, the JDK's own result is returned.
 */
public final class SecretsBridge {

  private static volatile BinaryOperator<String> environment;
  private static volatile BinaryOperator<String> properties;
  private static volatile UnaryOperator<Map<String, String>> environmentMap;
  private static volatile Consumer<Object> hikariPools;

  private SecretsBridge() {}

  /**
   * Installs the lookups.
   *
   * @param environment (name, JDK value) to the value served by {@code System.getenv(name)}
   * @param properties (key, JDK value) to the value served by {@code System.getProperty(key)}
   * @param environmentMap the JDK's environment map to the map served by {@code System.getenv()}
   * @param hikariPools told of every HikariCP pool started, or null
   */
  static void install(
      BinaryOperator<String> environment,
      BinaryOperator<String> properties,
      UnaryOperator<Map<String, String>> environmentMap,
      Consumer<Object> hikariPools) {
    SecretsBridge.environment = environment;
    SecretsBridge.properties = properties;
    SecretsBridge.environmentMap = environmentMap;
    SecretsBridge.hikariPools = hikariPools;
  }

  /** Called on exit from HikariCP's {@code HikariPool(HikariConfig)} with the pool's config. */
  public static void hikariPoolStarted(Object config) {
    Consumer<Object> pools = hikariPools;
    if (pools != null) {
      try {
        pools.accept(config);
      } catch (Throwable t) {
        // never fail the application's pool
      }
    }
  }

  /** Called on exit from {@code System.getenv(String)}. */
  static String getenv(String value, String name) {
    BinaryOperator<String> lookup = environment;
    if (lookup == null) {
      return value;
    }
    try {
      return lookup.apply(name, value);
    } catch (Throwable t) {
      return value;
    }
  }

  /** Called on exit from {@code System.getenv()}. */
  static Map<String, String> getenv(Map<String, String> value) {
    UnaryOperator<Map<String, String>> lookup = environmentMap;
    if (lookup == null) {
      return value;
    }
    try {
      return lookup.apply(value);
    } catch (Throwable t) {
      return value;
    }
  }

  /** Called on exit from {@code System.getProperty(String)} and {@code (String, String)}. */
  static String getProperty(String value, String key) {
    BinaryOperator<String> lookup = properties;
    if (lookup == null) {
      return value;
    }
    try {
      return lookup.apply(key, value);
    } catch (Throwable t) {
      return value;
    }
  }
}
