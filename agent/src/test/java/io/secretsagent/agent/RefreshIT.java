package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret changed in the backend is served on the next lookup after a refresh. */
class RefreshIT {

  @TempDir Path dir;

  @Test
  void editedFileIsServedAfterTheNextRefresh() {
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"before\"}");
    AgentJvm jvm =
        AgentJvm.current()
            .env("SECRETS_BACKEND", "file")
            .env("SECRETS_FILE", file.path().toString())
            .env("SECRETS_KEYS", "DB_PASSWORD")
            .env("SECRETS_REFRESH_INTERVAL", "200ms");
    AgentJvm.Result result =
        jvm.run(
            LookupApp.class,
            line -> {
              if (line.equals("waiting")) {
                file.write("{\"db-password\": \"after\"}");
              }
            },
            "env",
            "DB_PASSWORD",
            "await-env",
            "DB_PASSWORD",
            "after");
    assertEquals(0, result.exitStatus(), result::toString);
    assertEquals("before", result.lookups().get("env:DB_PASSWORD"));
    assertEquals("seen", result.lookups().get("await-env:DB_PASSWORD"), result::toString);
  }
}
