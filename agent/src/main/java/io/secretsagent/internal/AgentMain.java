package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.JavaAgentOptions;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.config.Settings;
import io.secretsagent.internal.http.HttpClients;
import io.secretsagent.internal.instrument.SystemInstrumentation;
import io.secretsagent.internal.runtime.AgentThreads;
import io.secretsagent.internal.runtime.Exit;
import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.ConfigException;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Entry points called by the launcher through the agent's class loader: {@link #premain} and {@link
 * #main} ({@code java -jar secrets-agent.jar check}).
 */
public final class AgentMain {

  private static final String PREMAIN_CLASS = "io.secretsagent.premain.AgentPremain";

  private AgentMain() {}

  public static void premain(String args, Instrumentation inst) {
    CompletableFuture<SystemInstrumentation> hooks = new CompletableFuture<>();
    Startup startup;
    try {
      // first from properties and environment, so that a malformed agent argument goes there too
      useTerminationLog(Settings.fromJvm(null));
      Settings settings = Settings.fromJvm(args);
      useTerminationLog(settings);
      // With backend env (agent arguments such as log.level=warn alone) there is usually nothing
      // to install: the bytecode work starts early only when a backend is selected.
      boolean early = !settings.value(Setting.BACKEND).equalsIgnoreCase("env");
      if (early) {
        prepareHooks(hooks);
      }
      startup = configure(settings);
      if (startup != null && !early) {
        prepareHooks(hooks);
      }
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
   * The bytecode work runs on another core while the rest of the configuration is read and secrets
   * are fetched; it installs nothing until the keys are known (ADR-006).
   */
  private static void prepareHooks(CompletableFuture<SystemInstrumentation> hooks) {
    AgentThreads.start(
        "secrets-agent-hooks",
        () -> {
          try {
            hooks.complete(SystemInstrumentation.prepare());
          } catch (Throwable t) {
            hooks.completeExceptionally(t);
          }
        });
  }

  private static void useTerminationLog(Settings settings) throws ConfigException {
    Setting log = Setting.TERMINATION_LOG;
    Exit.terminationLog(
        log.path(settings.value(log), "a file for Kubernetes' termination message"));
  }

  /**
   * {@code java -jar secrets-agent.jar check}: resolves every managed key exactly as premain would,
   * from the same settings, and exits 0, 69 or 78. For pipelines and readiness checks.
   */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].equals("check")) {
      System.err.println(
          "usage: java -jar secrets-agent.jar check\n"
              + "  resolves every managed key ("
              + Setting.KEYS.describe()
              + ", "
              + Setting.PROPERTIES.describe()
              + ") from the configured backend, with the agent arguments of the -javaagent option"
              + " naming this agent in "
              + String.join(", ", JavaAgentOptions.VARIABLES)
              + "; prints key, secret, version and status, never a value;"
              + " exits 0, 69 (unresolved) or 78 (configuration)");
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
      JavaAgentOptions.Found option = JavaAgentOptions.find(System::getenv, AgentMain::isThisAgent);
      String args = option == null ? null : option.arguments();
      if (args != null) {
        System.out.println(
            "agent arguments: those of -javaagent in "
                + option.variable()
                + ", which beat system properties and environment variables");
      }
      startup = configure(Settings.fromJvm(args));
      if (startup != null && Backends.find(startup.backendName()).usesJdkHttpClient()) {
        HttpClients.prepare(null);
      }
      if (startup == null) {
        System.out.println(
            "nothing to check: the backend is env, or no keys are managed (set "
                + Setting.BACKEND.describe()
                + " and "
                + Setting.KEYS.describe()
                + " or "
                + Setting.PROPERTIES.describe()
                + ")");
        return 0;
      }
    } catch (ConfigException e) {
      System.out.println("the configuration is invalid:\n  " + e.getMessage());
      return Exit.CONFIG;
    }
    return startup.check(System.out);
  }

  /**
   * Whether a {@code -javaagent} jar is this agent: this jar, or any copy or version of it (its
   * manifest names this agent's premain class).
   */
  private static boolean isThisAgent(File jar) {
    try {
      URL own = AgentMain.class.getProtectionDomain().getCodeSource().getLocation();
      if (jar.getCanonicalFile().equals(new File(own.toURI()).getCanonicalFile())) {
        return true;
      }
      try (JarFile file = new JarFile(jar, false)) {
        Manifest manifest = file.getManifest();
        return manifest != null
            && PREMAIN_CLASS.equals(manifest.getMainAttributes().getValue("Premain-Class"));
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return false;
    }
  }
}
