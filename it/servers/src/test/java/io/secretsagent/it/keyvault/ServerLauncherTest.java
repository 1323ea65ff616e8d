package io.secretsagent.it.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code KeyVaultServer.main} as a demo script runs it: a separate JVM, steered over HTTP. */
class ServerLauncherTest {

  @TempDir Path stateDir;

  @Test
  void mainPrintsEnvironmentAndServesSeededSecrets() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KeyVaultServer.class.getName(),
                "--state-dir",
                stateDir.toString(),
                "--seed",
                "db-password=hunter2",
                "--identity-header",
                "hdr")
            .redirectErrorStream(true)
            .start();
    try {
      Map<String, String> env =
          CompletableFuture.supplyAsync(() -> readUntilReady(process)).get(60, TimeUnit.SECONDS);

      assertEquals(
          List.of(
              "AZURE_KEYVAULT_URL",
              "IDENTITY_ENDPOINT",
              "IDENTITY_HEADER",
              "AZURE_POD_IDENTITY_AUTHORITY_HOST",
              "AZURE_TENANT_ID",
              "KEYVAULT_ADMIN_URL",
              "KEYVAULT_TRUSTSTORE",
              "KEYVAULT_TRUSTSTORE_PASSWORD",
              "KEYVAULT_CA_PEM",
              "KEYVAULT_JAVA_OPTS",
              "KEYVAULT_READY"),
          List.copyOf(env.keySet()));
      assertEquals("hdr", env.get("IDENTITY_HEADER"));
      assertTrue(Files.readString(stateDir.resolve("server.env")).contains("KEYVAULT_READY=1"));

      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(TestCertificate.inDirectory(stateDir).clientContext())
              .build();
      String token =
          (String)
              JsonCodec.parseObject(
                      client
                          .send(
                              HttpRequest.newBuilder(
                                      URI.create(
                                          env.get("IDENTITY_ENDPOINT")
                                              + "?api-version=2019-08-01&resource=https://vault.azure.net"))
                                  .header("X-IDENTITY-HEADER", "hdr")
                                  .build(),
                              HttpResponse.BodyHandlers.ofByteArray())
                          .body())
                  .get("access_token");
      HttpResponse<byte[]> secret =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          env.get("AZURE_KEYVAULT_URL") + "/secrets/db-password/?api-version=7.4"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, secret.statusCode());
      assertEquals("hunter2", JsonCodec.parseObject(secret.body()).get("value"));
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> readUntilReady(Process process) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (line.equals("KEYVAULT_READY=1")) {
          return env;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("Server exited before KEYVAULT_READY=1: " + env);
  }
}
