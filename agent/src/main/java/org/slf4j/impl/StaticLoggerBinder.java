package org.slf4j.impl;

import java.lang.reflect.Proxy;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * SLF4J 1.7's binding for the libraries the agent bundles (MSAL, the Azure SDK): every level is
 * disabled. Without a binding SLF4J prints a warning on stderr, and with the NOP binding the Azure
 * SDK falls back to its own logger, which obeys the application's {@code AZURE_LOG_LEVEL} and would
 * print our requests. This one is neither, so the bundled SDK is always silent. It is loaded by the
 * agent's class loader only and never affects the application's logging.
 */
public final class StaticLoggerBinder {

  /** Declares the SLF4J API version this binding is compiled for. */
  public static final String REQUESTED_API_VERSION = "1.7.36";

  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();
  private static final Logger SILENT =
      (Logger)
          Proxy.newProxyInstance(
              StaticLoggerBinder.class.getClassLoader(),
              new Class<?>[] {Logger.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getName" -> "secrets-agent-silent";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "SilentLogger";
                    default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                  });
  private static final ILoggerFactory FACTORY = name -> SILENT;

  private StaticLoggerBinder() {}

  public static StaticLoggerBinder getSingleton() {
    return SINGLETON;
  }

  public ILoggerFactory getLoggerFactory() {
    return FACTORY;
  }

  public String getLoggerFactoryClassStr() {
    return StaticLoggerBinder.class.getName();
  }
}
