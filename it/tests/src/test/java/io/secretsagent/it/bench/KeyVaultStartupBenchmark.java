package io.secretsagent.it.bench;

import io.secretsagent.bench.StartupBenchmark;
import io.secretsagent.bench.StartupBenchmark.Variant;
import io.secretsagent.it.keyvault.KeyVaultServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost with 20 secrets from the local Key Vault-compatible server (real SDK, real
 * managed-identity token), blocking and concurrent, against the same app without the agent.
 *
 * <pre>
 * java -cp "$(cat it/target/bench.classpath)" io.secretsagent.it.bench.KeyVaultStartupBenchmark [runs]
 * </pre>
 */
public final class KeyVaultStartupBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    Path jar =
        Path.of(args.length > 1 ? args[1] : "agent/target/secrets-agent.jar").toAbsolutePath();
    try (KeyVaultServer server = KeyVaultServer.builder().start()) {
      for (int i = 1; i <= StartupBenchmark.SECRETS; i++) {
        server.secrets().set("secret-" + i, "value-" + i);
      }
      Map<String, String> env = new HashMap<>(server.agentEnvironment());
      env.put("SECRETS_KEYS", StartupBenchmark.keyList());
      List<String> agent = new ArrayList<>(server.childJvmOptions());
      agent.add("-javaagent:" + jar);
      Map<String, String> concurrent = new HashMap<>(env);
      concurrent.put("SECRETS_STARTUP", "concurrent");
      StartupBenchmark.compare(
          runs,
          List.of(
              new Variant("no agent", List.of(), Map.of()),
              new Variant("key vault, blocking", agent, env),
              new Variant("key vault, concurrent", agent, concurrent)));
    }
  }
}
