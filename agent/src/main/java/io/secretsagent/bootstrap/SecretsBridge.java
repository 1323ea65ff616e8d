package io.secretsagent.bootstrap;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The one agent class that {@code java.lang.System} calls. It is not loaded under this name: the
 * agent renames it into package {@code java.lang} and defines it there, in {@code java.base}
 * (ADR-005), so that the patched {@code System} can call it while nothing outside {@code java.lang}
 * can: the lookups are package-private. It references JDK types only; the implementation, in the
 * agent's isolated loader, plugs in through {@link #install} and {@link #watch}. The one public
 * method, {@link #constructed}, is called by the patched constructor of a class the agent watches
 * (a connection pool's), from whatever class loader that class lives in (ADR-017).
 *
 * <p>The patched {@code System} methods run unchanged and pass their result through here on the way
 * out: {@code return SecretsBridge.getenv(result, name)}. Without an installed lookup, or when the
 * lookup fails, the JDK's own result is returned.
 */
public final class SecretsBridge {

  private static volatile BinaryOperator<String> environment;
  private static volatile BinaryOperator<String> properties;
  private static volatile UnaryOperator<Map<String, String>> environmentMap;
  private static volatile BiConsumer<String, Object> constructions;

  private SecretsBridge() {}

  /**
   * Installs the lookups.
   *
   * @param environment (name, JDK value) to the value served by {@code System.getenv(name)}
   * @param properties (key, JDK value) to the value served by {@code System.getProperty(key)}
   * @param environmentMap the JDK's environment map to the map served by {@code System.getenv()}
   */
  static void install(
      BinaryOperator<String> environment,
      BinaryOperator<String> properties,
      UnaryOperator<Map<String, String>> environmentMap) {
    SecretsBridge.environment = environment;
    SecretsBridge.properties = properties;
    SecretsBridge.environmentMap = environmentMap;
  }

  /**
   * Installs the hook of watched constructors.
   *
   * @param constructions told (watch name, object) of every watched construction
   */
  static void watch(BiConsumer<String, Object> constructions) {
    SecretsBridge.constructions = constructions;
  }

  /**
   * Called on exit from a watched constructor, e.g. HikariCP's {@code HikariPool(HikariConfig)}
   * with {@code ("HikariCP", config)}. Anyone can call it; the agent checks what it is given.
   */
  public static void constructed(String watch, Object instance) {
    BiConsumer<String, Object> hook = constructions;
    if (hook != null) {
      try {
        hook.accept(watch, instance);
      } catch (Throwable t) {
        // never fail the application's constructor
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
