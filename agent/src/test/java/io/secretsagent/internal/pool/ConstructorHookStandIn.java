package io.secretsagent.internal.pool;

import java.util.function.BiConsumer;

/** Stands in for the bridge in tests: a patched constructor calls {@link #constructed}. */
public final class ConstructorHookStandIn {

  static volatile BiConsumer<String, Object> hook;

  private ConstructorHookStandIn() {}

  public static void constructed(String watch, Object instance) {
    hook.accept(watch, instance);
  }

  static final String INTERNAL_NAME = "io/secretsagent/internal/pool/ConstructorHookStandIn";
}
