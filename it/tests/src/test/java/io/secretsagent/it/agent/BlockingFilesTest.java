package io.secretsagent.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.testapp.LookupApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the agent reads or writes that would block (issue 12, item 6): a FIFO with no writer named
 * as Vault's CA file, a FIFO with no reader named as the termination log. The agent reads only
 * regular files, and its exit never waits for a file. Without the fix each run hangs until the
 * harness gives up after 60 s.
 */
class BlockingFilesTest {

  @TempDir Path dir;

  static Path fifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    return path;
  }

  AgentJvm vaultAgent() {
    return AgentJvm.current()
        .env("SECRETS_BACKEND", "hashicorp_vault")
        .env("VAULT_ADDR", "https://127.0.0.1:9")
        .env("VAULT_TOKEN", "hvs.not-used")
        .env("SECRETS_KEYS", "DB_PASSWORD")
        .env("SECRETS_STARTUP_TIMEOUT", "2s");
  }

  @Test
  void aCaFileThatIsAFifoIsRefusedAtOnce() throws Exception {
    Path ca = fifo(dir.resolve("ca.pem"));
    AgentJvm.Result result =
        vaultAgent().env("VAULT_CACERT", ca.toString()).run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(78, result.exitStatus(), result::toString);
    assertTrue(
        result.stderr().contains("it is not a regular file (a FIFO, socket or device)"),
        result::toString);
    assertTrue(result.wall().compareTo(Duration.ofSeconds(15)) < 0, "took " + result.wall());
  }

  @Test
  void aTerminationLogThatIsAFifoDoesNotHoldUpTheExit() throws Exception {
    Path log = fifo(dir.resolve("termination-log"));
    AgentJvm.Result result =
        vaultAgent()
            .env("SECRETS_VAULT_KV_VERSION", "3") // a configuration error: exit 78
            .env("SECRETS_TERMINATION_LOG", log.toString())
            .run(LookupApp.class, "env", "DB_PASSWORD");
    assertEquals(78, result.exitStatus(), result::toString);
    assertTrue(result.stderr().contains("SECRETS_VAULT_KV_VERSION"), result::toString);
    assertTrue(result.wall().compareTo(Duration.ofSeconds(15)) < 0, "took " + result.wall());
  }
}
