package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.runtime.Exit;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.internal.store.ManagedKey;
import io.secretsagent.spi.SecretsBackend;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What start-up tells the operator: refuse to start with status 69 (or warn, with {@code
 * SECRETS_FAIL_FAST=false}) naming every failing key at once, or one line saying what is served.
 */
final class StartupReport {

  private final AgentConfig config;
  private final SecretsBackend backend;
  private final List<ManagedKey> keys;

  StartupReport(AgentConfig config, SecretsBackend backend, List<ManagedKey> keys) {
    this.config = config;
    this.backend = backend;
    this.keys = keys;
  }

  /** Refuses to start (or warns) when the probe failed or a key is not served. */
  void resolved(Resolution.Outcome outcome) {
    Map<ManagedKey, String> failed = outcome.unserved();
    if (outcome.probeFailure() != null) {
      StringBuilder message =
          new StringBuilder(backend.describe())
              .append(" cannot serve secrets: ")
              .append(withoutServer(outcome.probeFailure()));
      if (!failed.isEmpty()) {
        message
            .append("\n")
            .append(failed.size())
            .append(" of ")
            .append(keys.size())
            .append(" managed keys are not served:");
        failed.keySet().forEach(key -> message.append("\n  ").append(key.describe()));
      }
      unavailable(
          message.toString(),
          "Check that the backend is reachable and that this identity may read secrets.");
    } else if (!failed.isEmpty()) {
      StringBuilder message =
          new StringBuilder()
              .append(failed.size())
              .append(" of ")
              .append(keys.size())
              .append(" managed keys could not be resolved from ")
              .append(backend.describe())
              .append(':');
      failed.forEach(
          (key, why) -> message.append("\n  ").append(key.describe()).append(": ").append(why));
      unavailable(
          message.toString(),
          "Fix the secrets or the key list ("
              + Setting.KEYS.environmentName()
              + ", "
              + Setting.PROPERTIES.environmentName()
              + ").");
    }
  }

  /** A failure that starts with the backend's name says "it": the message names it once. */
  private String withoutServer(String failure) {
    String server = backend.describe() + " ";
    return failure.startsWith(server) ? "it " + failure.substring(server.length()) : failure;
  }

  void notPatched(Throwable cause) {
    unavailable(
        "the agent could not patch java.lang.System on this JVM (" + cause + ")",
        "Report this with the output of java -version.");
  }

  void started(Map<ManagedKey, String> failed, long elapsedMs) {
    Log.info(
        (keys.size() - failed.size())
            + " of "
            + keys.size()
            + " managed keys served from "
            + backend.describe()
            + (config.refreshEnabled()
                ? ", refreshed every "
                    + config.refreshInterval().toString().substring(2).toLowerCase(Locale.ROOT)
                : ", refresh off")
            + " (start-up "
            + elapsedMs
            + " ms"
            + (config.concurrentStartup() ? ", concurrent" : "")
            + ")");
  }

  /** Status 69, or a warning when {@code SECRETS_FAIL_FAST=false}. */
  private void unavailable(String what, String advice) {
    if (config.failFast()) {
      Exit.refuse(
          Exit.UNAVAILABLE,
          "cannot start: "
              + what
              + "\n"
              + advice
              + " "
              + Setting.FAIL_FAST.environmentName()
              + "=false starts the application anyway, with the JDK's own values for unresolved keys.",
          null);
    } else {
      Log.warn(
          what
              + "\n"
              + advice
              + " Starting anyway ("
              + Setting.FAIL_FAST.environmentName()
              + "=false): unresolved keys get the JDK's own values.");
    }
  }
}
