package io.secretsagent.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A fetched secret value with its version and, for a credential that expires (an access token, a
 * leased database user), its lifetime. {@link #toString()} never shows the value.
 */
public final class Secret {

  /** When an expiring secret is renewed by default: at the latest at half its lifetime. */
  public static final double DEFAULT_RENEW_AT = 0.5;

  private final String value;
  private final String version;
  private final Duration lifetime;
  private final double renewAt;

  /**
   * @param value the value, not null
   * @param version the backend's version id, or null when the backend has no versions
   */
  public Secret(String value, String version) {
    this(value, version, null, DEFAULT_RENEW_AT);
  }

  private Secret(String value, String version, Duration lifetime, double renewAt) {
    this.value = Objects.requireNonNull(value, "value");
    this.version = version;
    this.lifetime = lifetime;
    this.renewAt = renewAt;
  }

  /**
   * This secret, valid for {@code lifetime} from when it was fetched; the agent fetches its
   * successor at the latest at half of that, jittered.
   */
  public Secret expiring(Duration lifetime) {
    return expiring(lifetime, DEFAULT_RENEW_AT);
  }

  /**
   * This secret, valid for {@code lifetime} from when it was fetched; the agent fetches its
   * successor at the latest when {@code renewAt} of the lifetime has passed (jittered earlier, so
   * that a fleet does not renew in step): 0.5 for an access token, 2/3 for a Vault lease.
   *
   * @throws IllegalArgumentException when {@code lifetime} is not positive or {@code renewAt} is
   *     not in (0, 1]
   */
  public Secret expiring(Duration lifetime, double renewAt) {
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
    }
    if (!(renewAt > 0 && renewAt <= 1)) {
      throw new IllegalArgumentException("renewAt must be in (0, 1], was " + renewAt);
    }
    return new Secret(value, version, lifetime, renewAt);
  }

  public String value() {
    return value;
  }

  public String version() {
    return version;
  }

  /** How long the secret is valid from when it was fetched, or null when it does not expire. */
  public Duration lifetime() {
    return lifetime;
  }

  /** The fraction of {@link #lifetime()} after which the successor is fetched at the latest. */
  public double renewAt() {
    return renewAt;
  }

  /** Same value and version: a renewed lease or token with the same value is not a rotation. */
  public boolean sameAs(Secret other) {
    return other != null && value.equals(other.value) && Objects.equals(version, other.version);
  }

  @Override
  public String toString() {
    return "Secret[version="
        + version
        + (lifetime == null ? "" : ", lifetime=" + lifetime + ", renewAt=" + renewAt)
        + ", value=****]";
  }
}
