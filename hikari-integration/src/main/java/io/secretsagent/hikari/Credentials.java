package io.secretsagent.hikari;

import java.util.Objects;

/**
 * A database username and password, applied to a pool together. {@link #toString()} never shows the
 * password.
 */
public final class Credentials {

  private final String username;
  private final String password;

  private Credentials(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /**
   * Pairs a username with its password.
   *
   * @param username the login role; not null or empty
   * @param password the password; not null
   * @throws IllegalArgumentException if {@code username} is null or empty, or {@code password} is
   *     null
   */
  public static Credentials of(String username, String password) {
    if (username == null || username.isEmpty()) {
      throw new IllegalArgumentException(
          "username must not be null or empty, was " + (username == null ? "null" : "''"));
    }
    if (password == null) {
      throw new IllegalArgumentException("password must not be null (username " + username + ")");
    }
    return new Credentials(username, password);
  }

  /** The login role. */
  public String username() {
    return username;
  }

  /** The password; keep it out of logs and messages. */
  public String password() {
    return password;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credentials that
        && username.equals(that.username)
        && password.equals(that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, password);
  }

  /** {@code Credentials[username=app, password=***]}; the password is never shown. */
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
