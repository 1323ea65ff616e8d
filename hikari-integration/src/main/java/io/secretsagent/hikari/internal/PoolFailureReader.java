package io.secretsagent.hikari.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads the failure of the pool's latest attempt to open a physical connection: HikariCP keeps it
 * in {@code PoolBase.lastConnectionFailure} (reset to null on success) and logs it only at DEBUG.
 * The package-private {@code PoolBase#getLastConnectionFailure()} exists, unchanged, in HikariCP
 * 5.1 to 7.x; reaching it needs the {@code com.zaxxer.hikari.pool} package to be open to this
 * module (always so on the class path).
 */
public final class PoolFailureReader {

  private final Method getter;

  private PoolFailureReader(Method getter) {
    this.getter = getter;
  }

  /**
   * @param pool the running pool, as {@code HikariDataSource.getHikariPoolMXBean()} returns it
   * @throws UnsupportedOperationException if this HikariCP has no such method or does not let it be
   *     read
   */
  public static PoolFailureReader of(HikariPoolMXBean pool) {
    for (Class<?> type = pool.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Method getter = type.getDeclaredMethod("getLastConnectionFailure");
        getter.setAccessible(true);
        return new PoolFailureReader(getter);
      } catch (NoSuchMethodException e) {
        // look in the superclass
      } catch (InaccessibleObjectException | SecurityException e) {
        throw new UnsupportedOperationException(
            "HikariCP's package com.zaxxer.hikari.pool is not open to "
                + "io.secretsagent.hikari; add --add-opens com.zaxxer.hikari/com.zaxxer.hikari.pool=ALL-UNNAMED",
            e);
      }
    }
    throw new UnsupportedOperationException(
        "This HikariCP ("
            + pool.getClass().getName()
            + ") has no PoolBase.getLastConnectionFailure()");
  }

  /** The last connection failure of {@code pool}, or null if its latest attempt succeeded. */
  public Throwable lastFailure(HikariPoolMXBean pool) {
    try {
      return (Throwable) getter.invoke(pool);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
