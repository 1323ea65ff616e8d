package io.secretsagent.internal.pool;

import io.secretsagent.pool.PoolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The pool families bundled in the agent jar, each listed in {@code META-INF/services}. */
public final class PoolFamilies {

  private PoolFamilies() {}

  /**
   * @param hikari false ({@code SECRETS_HIKARI=false}) leaves HikariCP out
   */
  public static List<PoolFamily> load(boolean hikari) {
    List<PoolFamily> families = new ArrayList<>();
    for (PoolFamily family :
        ServiceLoader.load(PoolFamily.class, PoolFamilies.class.getClassLoader())) {
      if (hikari || !family.name().equals("HikariCP")) {
        families.add(family);
      }
    }
    return families;
  }
}
