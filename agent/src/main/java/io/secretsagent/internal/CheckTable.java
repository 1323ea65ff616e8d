package io.secretsagent.internal;

import io.secretsagent.internal.runtime.Exit;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.internal.store.SecretStore;
import io.secretsagent.spi.SecretsBackend;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar secrets-agent.jar check}: probes, resolves every key as premain would, and
 * prints a table of key, secret, version and status; never a value.
 */
final class CheckTable {

  private static final String FORMAT = "%-32s %-40s %-34s %s%n";

  private CheckTable() {}

  /**
   * @return the exit status: 0, or 69 when the probe fails or a key cannot be resolved
   */
  static int print(
      PrintStream out,
      SecretsBackend backend,
      List<ManagedKey> keys,
      SecretStore store,
      Resolution resolution) {
    out.println("backend: " + backend.describe());
    String probeFailure = resolution.probe();
    if (probeFailure != null) {
      out.println("probe: FAILED " + probeFailure);
      return Exit.UNAVAILABLE;
    }
    out.println("probe: ok");
    Map<ManagedKey, String> failed = resolution.resolve(store);
    out.printf(FORMAT, "KEY", "SECRET", "VERSION", "STATUS");
    for (ManagedKey key : keys) {
      String secret = key.ref().name() + (key.field() == null ? "" : "#" + key.field());
      String version = store.version(key.ref());
      out.printf(
          FORMAT,
          key.name(),
          secret,
          version == null ? "-" : version,
          failed.containsKey(key) ? "FAILED " + failed.get(key) : "ok");
    }
    out.println((keys.size() - failed.size()) + " of " + keys.size() + " managed keys resolved");
    return failed.isEmpty() ? 0 : Exit.UNAVAILABLE;
  }
}
