package io.secretsagent.internal.pool;

import io.secretsagent.internal.instrument.BridgeInjector;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.pool.PoolFamily;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds pool libraries without a standing transformer (ADR-017, first decided for HikariCP in
 * ADR-012). A family's trigger property is looked up by its trigger class, e.g. {@code
 * HikariConfig}'s constructor looks up {@code hikaricp.configurationFile}; the agent's property
 * hook sees that, with the trigger class on the stack, once per class loader. At that moment the
 * watched class is loaded in the same loader with a transformer registered only for that one load
 * (or redefined, if it was loaded already), so that its constructor tells the bridge of every pool.
 * Works wherever the library lives: the class path, a Spring Boot nested jar, a web application's
 * loader.
 */
public final class PoolDiscovery {

  private final Instrumentation inst;
  private final List<PoolFamily> families;
  private final Set<ClassLoader> seen =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  public PoolDiscovery(Instrumentation inst, List<PoolFamily> families) {
    this.inst = inst;
    this.families = families;
  }

  /** The families discovered. */
  public List<PoolFamily> families() {
    return families;
  }

  /** The properties whose lookup announces a family, interned: the hook compares by identity. */
  public List<String> triggers() {
    return families.stream().map(f -> f.triggerProperty().intern()).toList();
  }

  /** Called from the {@code System.getProperty} hook when one of {@link #triggers()} is read. */
  public void triggered(String property) {
    for (PoolFamily family : families) {
      if (family.triggerProperty().equals(property)) {
        triggered(family);
      }
    }
  }

  private void triggered(PoolFamily family) {
    Class<?> trigger =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c.getName().equals(family.triggerClass()))
                        .findFirst()
                        .orElse(null));
    if (trigger == null || !seen.add(trigger.getClassLoader())) {
      return;
    }
    try {
      instrument(family, trigger.getClassLoader());
      Log.debug(
          family.name()
              + " found in "
              + trigger.getClassLoader()
              + "; its pools will be bound to the secrets they use");
    } catch (Throwable t) {
      Log.warn(
          family.name()
              + " was found, but its pools cannot be followed, so they will not switch to rotated passwords: "
              + t,
          t);
    }
  }

  private void instrument(PoolFamily family, ClassLoader loader) throws Exception {
    AtomicBoolean patched = new AtomicBoolean();
    String internalName = family.watchedClass().replace('.', '/');
    ClassFileTransformer oneLoad =
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader l, String name, Class<?> redefined, ProtectionDomain d, byte[] bytes) {
            if (l != loader || !internalName.equals(name)) {
              return null;
            }
            patched.set(true);
            return ConstructorPatch.patch(bytes, family, BridgeInjector.BRIDGE_NAME);
          }
        };
    inst.addTransformer(oneLoad);
    Class<?> watched;
    try {
      watched = Class.forName(family.watchedClass(), false, loader); // loaded, not initialised
    } finally {
      inst.removeTransformer(oneLoad);
    }
    if (!patched.get()) {
      try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
        if (in == null) {
          throw new IllegalStateException(
              family.watchedClass() + " was loaded before, and its class file is not readable");
        }
        byte[] bytes =
            ConstructorPatch.patch(in.readAllBytes(), family, BridgeInjector.BRIDGE_NAME);
        inst.redefineClasses(new ClassDefinition(watched, bytes));
      }
    }
  }
}
