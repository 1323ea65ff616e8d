package io.secretsagent.it.hikari;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a pool's (username, password) pair as HikariCP hands it to new connections, as fast as it
 * can, and counts the pairs whose username and password belong to different versions: a user {@code
 * <name>} goes with the password {@code pw-<name>}. On HikariCP 6+ the pair is read in one call
 * ({@code getCredentials()}), as the pool itself reads it; on 5.x there is no such call, so the two
 * getters are read one after the other.
 */
final class CredentialSampler implements Runnable {

  private final HikariDataSource pool;
  private final Method getCredentials;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong mixed = new AtomicLong();
  private final Set<String> users = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;

  CredentialSampler(HikariDataSource pool) {
    this.pool = pool;
    Method m;
    try {
      m = pool.getClass().getMethod("getCredentials");
    } catch (NoSuchMethodException e) {
      m = null;
    }
    this.getCredentials = m;
  }

  @Override
  public void run() {
    while (running) {
      String[] pair = pair();
      samples.incrementAndGet();
      users.add(pair[0]);
      if (!pair[1].equals("pw-" + pair[0])) {
        mixed.incrementAndGet();
      }
    }
  }

  private String[] pair() {
    if (getCredentials == null) {
      return new String[] {pool.getUsername(), pool.getPassword()};
    }
    try {
      Object credentials = getCredentials.invoke(pool);
      Class<?> type = credentials.getClass();
      return new String[] {
        (String) type.getMethod("getUsername").invoke(credentials),
        (String) type.getMethod("getPassword").invoke(credentials)
      };
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  void stop() {
    running = false;
  }

  /** {@code credential-pairs: samples=N mixed=M users=K atomic=true|false}; never a password. */
  String report() {
    return "credential-pairs: samples="
        + samples.get()
        + " mixed="
        + mixed.get()
        + " users="
        + users.size()
        + " atomic="
        + (getCredentials != null);
  }
}
