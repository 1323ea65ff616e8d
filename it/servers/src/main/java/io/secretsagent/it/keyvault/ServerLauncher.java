package io.secretsagent.it.keyvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link KeyVaultServer} from the command line for demos and shell scripts:
 *
 * <pre>
 * java -cp it.jar:azure-json.jar io.secretsagent.it.keyvault.KeyVaultServer \
 *     [--port N] [--identity-port N] [--state-dir DIR] [--identity-header H] [--seed name=value]...
 * </pre>
 *
 * <p>Once serving it prints {@code KEY=value} lines, ending with {@code KEYVAULT_READY=1}, and
 * writes the same lines to {@code <state-dir>/server.env}: {@code AZURE_KEYVAULT_URL}, {@code
 * IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}, {@code AZURE_TENANT_ID}, {@code
 * AZURE_POD_IDENTITY_AUTHORITY_HOST}, {@code KEYVAULT_ADMIN_URL} (plain HTTP), {@code
 * KEYVAULT_TRUSTSTORE}, {@code KEYVAULT_TRUSTSTORE_PASSWORD}, {@code KEYVAULT_CA_PEM} and {@code
 * KEYVAULT_JAVA_OPTS} (the trust-store options for a client JVM). The state directory keeps the
 * certificate across restarts. It serves until the process is stopped.
 */
final class ServerLauncher {

  private ServerLauncher() {}

  static void run(String[] args) throws IOException, InterruptedException {
    KeyVaultServer.Builder builder = KeyVaultServer.builder();
    Map<String, String> seeds = new LinkedHashMap<>();
    Path stateDir = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[++i] : missing(flag);
      switch (flag) {
        case "--port" -> builder.port(Integer.parseInt(value));
        case "--identity-port" -> builder.identityPort(Integer.parseInt(value));
        case "--state-dir" -> {
          stateDir = Path.of(value);
          builder.stateDirectory(stateDir);
        }
        case "--identity-header" -> builder.identityHeader(value);
        case "--seed" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--seed needs name=value; got '" + value + "'");
          }
          seeds.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default ->
            throw new IllegalArgumentException(
                "Unknown flag "
                    + flag
                    + "; use --port,"
                    + " --identity-port, --state-dir, --identity-header or --seed");
      }
    }
    KeyVaultServer server = builder.start();
    seeds.forEach(server.secrets()::set);
    String env = environment(server);
    Path envFile = server.certificate().trustStore().resolveSibling("server.env");
    Files.writeString(envFile, env);
    System.out.print(env);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "keyvault-server-shutdown"));
    stopped.await();
  }

  static String environment(KeyVaultServer server) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("AZURE_KEYVAULT_URL", server.vaultUrl());
    lines.putAll(server.managedIdentityEnvironment());
    lines.put("AZURE_TENANT_ID", server.tenantId());
    lines.put(
        "KEYVAULT_ADMIN_URL",
        server.identityEndpoint().replace(KeyVaultServer.IDENTITY_PATH, "/_admin"));
    lines.put("KEYVAULT_TRUSTSTORE", server.certificate().trustStore().toString());
    lines.put("KEYVAULT_TRUSTSTORE_PASSWORD", TestCertificate.PASSWORD);
    lines.put("KEYVAULT_CA_PEM", server.certificate().pem().toString());
    lines.put("KEYVAULT_JAVA_OPTS", String.join(" ", server.childJvmOptions()));
    lines.put("KEYVAULT_READY", "1");
    StringBuilder out = new StringBuilder();
    lines.forEach((k, v) -> out.append(k).append('=').append(shellQuote(v)).append('\n'));
    return out.toString();
  }

  private static String shellQuote(String value) {
    return value.matches("[A-Za-z0-9_./:=+-]*") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  private static String missing(String flag) {
    throw new IllegalArgumentException(flag + " needs a value");
  }
}
