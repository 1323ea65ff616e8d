package io.secretsagent.spi;

import java.util.Objects;

/** A fetched secret value with its version. {@link #toString()} never shows the value. */
public final class Secret {
  private final String value;
  private final String version;

  /**
   * @param value the value, not null
   * @param version the backend's version id, or null when the backend has no versions
   */
  public Secret(String value, String version) {
    this.value = Objects.requireNonNull(value, "value");
    this.version = version;
  }

  public String value() {
    return value;
  }

  public String version() {
    return version;
  }

  /** Same value and version. */
  public boolean sameAs(Secret other) {
    return other != null && value.equals(other.value) && Objects.equals(version, other.version);
  }

  @Override
  public String toString() {
    return "Secret[version=" + version + ", value=****]";
  }
}
