package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.config.Settings;
import io.secretsagent.internal.http.HttpClients;
import io.secretsagent.internal.instrument.SystemInstrumentation;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Exit;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.ConfigException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Entry points called by the launcher through the agent's class loader: {@link #premain} and {@link
 * #main} ({@code java -jar secrets-agent.jar check}).
 */
public final class AgentMain {

  private AgentMain() {}

  public static void premain(String args, Instrumentation inst) {
    // The bytecode work runs on another core while the configuration is read and secrets are
    // fetched; it installs nothing until the keys are known (ADR-006).
    CompletableFuture<SystemInstrumentation> hooks = new CompletableFuture<>();
    AgentThreads.start(
        "secrets-agent-hooks",
        () -> {
          try {
            hooks.complete(SystemInstrumentation.prepare());
          } catch (Throwable t) {
            hooks.completeExceptionally(t);
          }
        });
    Startup startup;
    try {
      Settings settings = Settings.fromJvm(args);
      String terminationLog = settings.get(Setting.TERMINATION_LOG);
      if (terminationLog != null && !terminationLog.isBlank()) {
        Exit.terminationLog(Path.of(terminationLog.trim()));
      }
      startup = configure(settings);
      if (startup != null && Backends.find(startup.backendName()).usesJdkHttpClient()) {
        HttpClients.prepare(inst);
      }
    } catch (ConfigException e) {
      Exit.refuse(
          Exit.CONFIG, "cannot start, the configuration is invalid:\n  " + e.getMessage(), e);
      return;
    }
    if (startup != null) {
      startup.run(inst, hooks);
    }
  }

  /**
   * {@code java -jar secrets-agent.jar check}: resolves every managed key exactly as premain would,
   * from the same settings, and exits 0, 69 or 78. For pipelines and readiness checks.
   */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].equals("check")) {
      System.err.println(
          "usage: java -jar secrets-agent.jar check\n"
              + "  resolves every managed key (SECRETS_KEYS, SECRETS_PROPERTIES) from the configured backend,"
              + " prints key, secret, version and status, never a value; exits 0, 69 (unresolved) or 78 (configuration)");
      System.exit(64);
    }
    System.exit(check());
  }

  /**
   * Parses the settings and prepares start-up, for premain and {@code check} alike.
   *
   * @return null when there is nothing to do
   * @throws ConfigException naming every configuration problem at once
   */
  private static Startup configure(Settings settings) throws ConfigException {
    List<String> problems = new ArrayList<>();
    AgentConfig config = AgentConfig.parse(settings, problems);
    Log.setLevel(config.logLevel());
    Startup startup = Startup.prepare(config, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n  ", problems));
    }
    return startup;
  }

  private static int check() {
    Startup startup;
    try {
      startup = configure(Settings.fromJvm(null));
      if (startup != null && Backends.find(startup.backendName()).usesJdkHttpClient()) {
        HttpClients.prepare(null);
      }
      if (startup == null) {
        System.out.println(
            "nothing to check: the backend is env, or no keys are managed"
                + " (set SECRETS_BACKEND and SECRETS_KEYS or SECRETS_PROPERTIES)");
        return 0;
      }
    } catch (ConfigException e) {
      System.out.println("the configuration is invalid:\n  " + e.getMessage());
      return Exit.CONFIG;
    }
    return startup.check(System.out);
  }
}
