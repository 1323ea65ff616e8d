package io.secretsagent.it.hashicorp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's KV secrets engines: mounts of version 1 (one value per path) or 2 (numbered versions
 * from 1, each possibly deleted). Thread-safe; tests seed and rotate through it or over HTTP.
 */
public final class KvEngine {

  /** One version of a KV v2 secret; {@code data} is null once deleted. */
  public record Version(
      int number, Map<String, Object> data, String createdTime, String deletionTime) {}

  private record Mount(int kvVersion, Map<String, List<Version>> secrets) {}

  private final Clock clock;
  private final Map<String, Mount> mounts = new LinkedHashMap<>();

  KvEngine(Clock clock) {
    this.clock = clock;
  }

  /**
   * Enables a KV engine at {@code path}, replacing any mount there.
   *
   * @param kvVersion 1 or 2
   */
  public synchronized void mount(String path, int kvVersion) {
    if (kvVersion != 1 && kvVersion != 2) {
      throw new IllegalArgumentException("kvVersion must be 1 or 2; got " + kvVersion);
    }
    mounts.put(path, new Mount(kvVersion, new LinkedHashMap<>()));
  }

  /**
   * @return the KV version of the mount at {@code path}, if there is one
   */
  public synchronized Optional<Integer> kvVersion(String path) {
    return Optional.ofNullable(mounts.get(path)).map(Mount::kvVersion);
  }

  /**
   * Writes a secret: on a v2 mount a new version, on a v1 mount the only value.
   *
   * @return the version number (v1: always 1)
   */
  public synchronized int put(String mount, String path, Map<String, ?> data) {
    List<Version> versions = mountOf(mount).secrets.computeIfAbsent(path, p -> new ArrayList<>());
    if (mountOf(mount).kvVersion == 1) {
      versions.clear();
    }
    Version version =
        new Version(versions.size() + 1, Map.copyOf(data), clock.instant().toString(), "");
    versions.add(version);
    return version.number();
  }

  /** Soft-deletes one version, as {@code vault kv delete -versions=N} does. */
  public synchronized void delete(String mount, String path, int number) {
    List<Version> versions = mountOf(mount).secrets.getOrDefault(path, List.of());
    Version v = versions.get(number - 1);
    versions.set(
        number - 1, new Version(v.number(), null, v.createdTime(), clock.instant().toString()));
  }

  /**
   * @param number the version, or 0 for the latest
   * @return that version (its data null if deleted), if the path and version exist
   */
  public synchronized Optional<Version> read(String mount, String path, int number) {
    Mount m = mounts.get(mount);
    List<Version> versions = m == null ? null : m.secrets.get(path);
    if (versions == null || versions.isEmpty() || number > versions.size()) {
      return Optional.empty();
    }
    return Optional.of(versions.get((number == 0 ? versions.size() : number) - 1));
  }

  /**
   * Removes every mount and secret, then mounts KV v2 at {@code secret}, as a dev server starts.
   */
  public synchronized void reset() {
    mounts.clear();
    mount("secret", 2);
  }

  /**
   * Splits an API path into its mount and the rest: the longest mounted prefix wins.
   *
   * @return {@code [mount, rest]}, or empty if no mount matches
   */
  synchronized Optional<String[]> split(String apiPath) {
    String best = null;
    for (String mount : mounts.keySet()) {
      if ((apiPath.equals(mount) || apiPath.startsWith(mount + "/"))
          && (best == null || mount.length() > best.length())) {
        best = mount;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String[] {
          best, apiPath.length() == best.length() ? "" : apiPath.substring(best.length() + 1)
        });
  }

  private Mount mountOf(String mount) {
    Mount m = mounts.get(mount);
    if (m == null) {
      throw new IllegalArgumentException(
          "No KV engine is mounted at '" + mount + "'; mount it first");
    }
    return m;
  }
}
