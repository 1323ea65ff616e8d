package io.secretsagent.spi;

/**
 * The configuration is wrong: the agent refuses to start with exit status 78, whatever {@code
 * SECRETS_FAIL_FAST} says. The message says what is wrong and how to fix it, and never contains a
 * secret value.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
