package io.secretsagent.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.testapp.HammerApp;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 application threads look up managed keys for 20 s while the file backend is refreshed every 20
 * ms and a writer rewrites the file with a new version every 5 ms: no null, no exception, no
 * deadlock, and no thread sees a version older than one it saw before.
 */
class ConcurrencyIT {

  static final int SECONDS = 20;

  @TempDir Path dir;

  static String secrets(long version) {
    return "{\"counter\": \""
        + version
        + "\", \"db-creds\": {\"username\": \"user-"
        + version
        + "\", \"password\": \"pw-"
        + version
        + "\"}}";
  }

  @Test
  void sixteenThreadsNeverSeeNullsExceptionsOrOlderValuesWhileSecretsRotate() throws Exception {
    SecretsFile file = new SecretsFile(dir, secrets(1));
    AtomicLong version = new AtomicLong(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              while (writing.get()) {
                file.write(secrets(version.incrementAndGet()));
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "secrets-writer");
    AgentJvm.Result result;
    try {
      result =
          AgentJvm.current()
              .env("SECRETS_BACKEND", "file")
              .env("SECRETS_FILE", file.path().toString())
              .env(
                  "SECRETS_KEYS",
                  "COUNTER=counter,DB_USERNAME=db-creds#username,DB_PASSWORD=db-creds#password")
              .env("SECRETS_PROPERTIES", "app.counter=counter")
              .env("SECRETS_REFRESH_INTERVAL", "20ms")
              .env("SECRETS_LOG_LEVEL", "warn")
              .run(
                  HammerApp.class,
                  line -> {
                    if (line.equals("ready")) {
                      writer.start();
                    }
                  },
                  "16",
                  String.valueOf(SECONDS));
    } finally {
      writing.set(false);
      writer.join();
    }
    Map<String, String> seen = result.lookups();
    System.out.println(
        "[fault-matrix] concurrency: " + seen + ", versions written " + version.get());
    assertAll(
        () -> assertEquals(0, result.exitStatus(), result::toString),
        () -> assertEquals("0", seen.get("stuck:"), "no deadlock:\n" + result),
        () -> assertEquals("0", seen.get("nulls:"), result::toString),
        () -> assertEquals("0", seen.get("exceptions:"), result::toString),
        () -> assertEquals("0", seen.get("older-after-newer:"), result::toString),
        () -> assertEquals("[]", seen.get("problems:"), result::toString),
        () ->
            assertTrue(
                Long.parseLong(seen.get("versions-seen:")) >= 100,
                "rotations really happened: " + result),
        () ->
            assertFalse(
                result.stderr().contains("failed") || result.stderr().contains("ERROR"),
                result::toString));
  }
}
