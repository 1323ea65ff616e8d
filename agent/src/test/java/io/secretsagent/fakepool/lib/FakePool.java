package io.secretsagent.fakepool.lib;

/**
 * A stand-in for a connection-pool library (Tomcat JDBC, DBCP2, UCP...), in test sources: it reads
 * a system property when configured, as HikariCP's {@code HikariConfig} does, and logs in with a
 * username and password that can change at run time. It knows nothing of the agent.
 */
public final class FakePool {

  private final String name;
  private volatile String username;
  private volatile String password;
  private volatile boolean started;
  private volatile boolean closed;

  public FakePool(String name, String username, String password) {
    System.getProperty("fakepool.configuration"); // the library's own lookup: the trigger
    this.name = name;
    this.username = username;
    this.password = password;
  }

  public String name() {
    return name;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Both at once, as a pool that can change credentials at run time offers. */
  public synchronized void setCredentials(String username, String password) {
    this.username = username;
    this.password = password;
  }

  public void start() {
    started = true;
  }

  public boolean isStarted() {
    return started;
  }

  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }
}
