package io.secretsagent.it.keyvault;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vault's secrets: every name keeps all its versions in creation order; the last one is
 * "latest". Thread-safe. Tests use it to seed, rotate and disable secrets without going through
 * HTTP.
 */
public final class VaultContents {

  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, List<SecretVersion>> secrets = new LinkedHashMap<>();

  VaultContents(Clock clock) {
    this.clock = clock;
  }

  /**
   * Creates a new version that becomes the latest, as {@code PUT /secrets/{name}} does.
   *
   * @param name 1-127 letters, digits and dashes
   * @param change the value (required) and optional attributes; {@code enabled} defaults to true
   * @return the new version
   * @throws IllegalArgumentException if the name is invalid or the value missing
   */
  public synchronized SecretVersion set(String name, SecretChange change) {
    requireValidName(name);
    if (change.value() == null) {
      throw new IllegalArgumentException("Secret '" + name + "' needs a value; got none");
    }
    long now = clock.instant().getEpochSecond();
    byte[] id = new byte[16];
    random.nextBytes(id);
    SecretVersion version =
        new SecretVersion(
            name,
            HexFormat.of().formatHex(id),
            change.value(),
            change.contentType(),
            change.tags() == null ? Map.of() : Map.copyOf(change.tags()),
            change.enabled() == null || change.enabled(),
            now,
            now,
            change.notBefore(),
            change.expires());
    secrets.computeIfAbsent(name, n -> new ArrayList<>()).add(version);
    return version;
  }

  /** Shorthand for {@code set(name, SecretChange.value(value))}. */
  public SecretVersion set(String name, String value) {
    return set(name, SecretChange.value(value));
  }

  /**
   * @return the latest version of {@code name}, if the secret exists
   */
  public synchronized Optional<SecretVersion> latest(String name) {
    List<SecretVersion> versions = secrets.get(name);
    return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /**
   * @return the given version, or the latest when {@code version} is null or empty
   */
  public synchronized Optional<SecretVersion> find(String name, String version) {
    if (version == null || version.isEmpty()) {
      return latest(name);
    }
    return versions(name).stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /**
   * @return every version of {@code name}, oldest first (empty if the secret does not exist)
   */
  public synchronized List<SecretVersion> versions(String name) {
    return List.copyOf(secrets.getOrDefault(name, List.of()));
  }

  /**
   * @return the latest version of every secret, in creation order of the names
   */
  public synchronized List<SecretVersion> latestOfEach() {
    return secrets.values().stream().map(v -> v.get(v.size() - 1)).toList();
  }

  /**
   * Changes attributes, content type or tags of one version, as {@code PATCH
   * /secrets/{name}/{version}} does.
   *
   * @param version the version, or {@code null}/empty for the latest
   * @return the updated version, or empty if there is no such version
   */
  public synchronized Optional<SecretVersion> update(
      String name, String version, SecretChange change) {
    Optional<SecretVersion> current = find(name, version);
    current.ifPresent(
        old -> {
          List<SecretVersion> list = secrets.get(name);
          list.set(list.indexOf(old), old.updatedBy(change, clock.instant().getEpochSecond()));
        });
    return current.flatMap(old -> find(name, old.version()));
  }

  /**
   * Deletes a secret with all its versions, as {@code DELETE /secrets/{name}} does on a vault
   * without soft-delete: reads answer {@code 404 SecretNotFound} from then on.
   *
   * @return whether the secret existed
   */
  public synchronized boolean delete(String name) {
    return secrets.remove(name) != null;
  }

  /** Removes every secret. */
  public synchronized void clear() {
    secrets.clear();
  }

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  private static void requireValidName(String name) {
    if (name == null || !isValidName(name)) {
      throw new IllegalArgumentException(
          "Secret name '" + name + "' is invalid: use 1-127 letters, digits and dashes");
    }
  }
}
