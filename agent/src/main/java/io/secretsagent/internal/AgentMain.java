package io.secretsagent.internal;

import io.secretsagent.internal.config.AgentConfig;
import io.secretsagent.internal.config.Setting;
import io.secretsagent.internal.config.Settings;
import io.secretsagent.spi.ConfigException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry points called by the launcher through the agent's class loader: {@link #premain} and
 * {@link #main} ({@code java -jar secrets-agent.jar check}).
 */
public final class AgentMain {

  private AgentMain() {}

  public static void premain(String args, Instrumentation inst) {
    AgentConfig config;
    Startup startup;
    try {
      Settings settings = Settings.fromJvm(args);
      String terminationLog = settings.get(Setting.TERMINATION_LOG);
      if (terminationLog != null && !terminationLog.isBlank()) {
        Exit.terminationLog(Path.of(terminationLog.trim()));
      }
      List<String> problems = new ArrayList<>();
      config = AgentConfig.parse(settings, problems);
      Log.setLevel(config.logLevel());
      startup = Startup.prepare(config, problems);
      if (!problems.isEmpty()) {
        throw new ConfigException(String.join("\n  ", problems));
      }
    } catch (ConfigException e) {
      Exit.refuse(Exit.CONFIG, "cannot start, the configuration is invalid:\n  " + e.getMessage(), e);
      return;
    }
    if (startup != null) {
      startup.run(inst);
    }
  }

  public static void main(String[] args) {
    System.err.println("[secrets-agent] usage: java -jar secrets-agent.jar check");
    System.exit(64);
  }
}
