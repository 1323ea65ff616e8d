package io.secretsagent.internal.backend.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.secretsagent.internal.backend.SecretFileReader;
import io.secretsagent.spi.BackendException;
import io.secretsagent.spi.ConfigException;
import io.secretsagent.spi.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendTest {

  @TempDir Path dir;

  Path write(String json, String mode) throws Exception {
    Path file = dir.resolve("secrets.json");
    Files.writeString(file, json);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void servesStringsAndObjectsAsJson() throws Exception {
    FileBackend backend =
        new FileBackend(
            write("{\"a\": \"1\", \"creds\": {\"user\": \"u\", \"n\": 2}}", "rw-------"), false);
    assertEquals("1", backend.fetch(new SecretRef("a", null)).value());
    assertEquals("{\"user\":\"u\",\"n\":2}", backend.fetch(new SecretRef("creds", null)).value());
    BackendException missing =
        assertThrows(BackendException.class, () -> backend.fetch(new SecretRef("b", null)));
    assertEquals(BackendException.Kind.NOT_FOUND, missing.kind());
  }

  @Test
  void picksUpEditsAndKeepsServingWhenTheFileBreaks() throws Exception {
    Path file = write("{\"a\": \"1\"}", "rw-------");
    FileBackend backend = new FileBackend(file, false);
    Files.writeString(file, "{\"a\": \"22\"}");
    assertEquals("22", backend.fetch(new SecretRef("a", null)).value());
    Files.writeString(file, "{\"a\": ");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    BackendException broken =
        assertThrows(BackendException.class, () -> backend.fetch(new SecretRef("a", null)));
    assertTrue(broken.getMessage().contains("is not valid JSON"), broken.getMessage());
  }

  @Test
  void aFileNestedTooDeeplySaysSo() throws Exception {
    Path file = write("{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}", "rw-------");
    Exception e =
        assertThrows(
            Exception.class, () -> new FileBackend(file, false).fetch(new SecretRef("a", null)));
    assertTrue(e.getMessage().contains("(nested deeper than 64 levels)"), e.getMessage());
  }

  @Test
  void permissions() throws Exception {
    for (String mode : List.of("rw-r-----", "rw----r--", "rw-r--r--")) {
      Path file = write("{}", mode);
      ConfigException e =
          assertThrows(ConfigException.class, () -> new FileBackend(file, false), mode);
      assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
      new FileBackend(file, true); // allowed explicitly
    }
    new FileBackend(write("{}", "r--------"), false);
  }

  /** Another local user could substitute a signing key: writable is refused as readable is. */
  @Test
  void aFileGroupOrOthersMayWriteIsRefusedUnlessAllowed() throws Exception {
    for (String mode : List.of("rw--w----", "rw-----w-", "rwx-wx-wx")) {
      Path file = write("{}", mode);
      ConfigException e =
          assertThrows(ConfigException.class, () -> new FileBackend(file, false), mode);
      assertTrue(
          e.getMessage().contains("may be written by group or others; run chmod 600 " + file)
              && e.getMessage().contains("SECRETS_FILE_ALLOW_OPEN_PERMISSIONS"),
          e.getMessage());
      new FileBackend(file, true); // allowed explicitly
    }
  }

  /** cp -p, rsync -a, tar: new content of the same size with the same timestamp is served. */
  /** Another local user could substitute the file: as its owner, or through its directory. */
  @Test
  void aFileAnotherUserCouldReplaceIsRefusedUnlessAllowed() throws Exception {
    Path sub = dir.resolve("shared");
    Files.createDirectories(sub);
    Path file = sub.resolve("secrets.json");
    Files.writeString(file, "{\"a\": \"attacker-value\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
    ConfigException e = assertThrows(ConfigException.class, () -> new FileBackend(file, false));
    assertTrue(
        e.getMessage().contains(" is in " + sub + " (mode 0777), which group or others may write")
            && e.getMessage().contains("SECRETS_FILE_ALLOW_OPEN_PERMISSIONS"),
        e.getMessage());
    new FileBackend(file, true); // allowed explicitly
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
    new FileBackend(file, false);

    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(Files.getOwner(file).getName()),
        "skipped the foreign-owner case: only root can give a file to another user");
    Files.setOwner(
        file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    e = assertThrows(ConfigException.class, () -> new FileBackend(file, false));
    assertTrue(
        e.getMessage().contains(file + " is owned by uid ")
            && !e.getMessage().contains("attacker-value"),
        e.getMessage());
    assertEquals(
        "attacker-value", new FileBackend(file, true).fetch(new SecretRef("a", null)).value());
  }

  @Test
  void aRewriteOfTheSameSizeAndTimestampIsServed() throws Exception {
    Path file = write("{\"a\": \"old-1\"}", "rw-------");
    FileTime time = Files.getLastModifiedTime(file);
    FileBackend backend = new FileBackend(file, false);
    assertEquals("old-1", backend.fetch(new SecretRef("a", null)).value());
    Files.writeString(file, "{\"a\": \"new-2\"}");
    Files.setLastModifiedTime(file, time);
    assertEquals("new-2", backend.fetch(new SecretRef("a", null)).value());
  }

  /**
   * A file quiet for two seconds is checked by its stamp alone; {@code cp -p} onto it keeps the
   * size and the modification time but changes the status-change time, and is served.
   */
  @Test
  void aPreservingCopyOntoAQuietFileIsServed() throws Exception {
    Path file = write("{\"a\": \"old-1\"}", "rw-------");
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(file, old);
    java.time.Clock later =
        java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1));
    FileBackend backend = new FileBackend(file, false, later);
    assertEquals("old-1", backend.fetch(new SecretRef("a", null)).value());
    assertEquals("old-1", backend.fetch(new SecretRef("a", null)).value());
    Object changed = Files.getAttribute(file, "unix:ctime");
    do { // until the file system's clock ticks (a few ms at most)
      Files.writeString(file, "{\"a\": \"new-2\"}");
      Files.setLastModifiedTime(file, old);
    } while (Files.getAttribute(file, "unix:ctime").equals(changed));
    assertEquals("new-2", backend.fetch(new SecretRef("a", null)).value());
  }

  /** Notepad and some PowerShell versions start UTF-8 files with a byte-order mark. */
  @Test
  void aByteOrderMarkIsAccepted() throws Exception {
    FileBackend backend = new FileBackend(write("\uFEFF{\"a\": \"1\"}", "rw-------"), false);
    assertEquals("1", backend.fetch(new SecretRef("a", null)).value());
  }

  @Test
  void aSecretNamedTwiceIsRefusedNamingItButNeitherValue() throws Exception {
    Path file = write("{\"a\": \"first-v\",\n \"a\": \"second-v\"}", "rw-------");
    ConfigException e = assertThrows(ConfigException.class, () -> new FileBackend(file, false));
    assertTrue(
        e.getMessage().contains(file + " names 'a' twice in one object (line 2)"), e.getMessage());
    assertFalse(e.getMessage().contains("-v"), e.getMessage());
  }

  /** A FIFO with no writer would block the reading thread forever. */
  @Test
  void aFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("secrets.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    ConfigException e =
        assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5),
            () -> assertThrows(ConfigException.class, () -> new FileBackend(fifo, true)));
    assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
  }

  @Test
  void aFileLargerThanTheBoundIsRefused() throws Exception {
    Path file = write("{\"a\": \"" + "x".repeat(SecretFileReader.MAX_BYTES) + "\"}", "rw-------");
    ConfigException e = assertThrows(ConfigException.class, () -> new FileBackend(file, false));
    assertTrue(e.getMessage().contains("is larger than 1024 KiB"), e.getMessage());
  }

  /** Malformed files: always a ConfigException, never a value in the message, never a hang. */
  @Test
  void fuzzedContentNeverLeaksAndNeverEscapes() throws Exception {
    String secret = "Zq9secretvalue";
    String[] parts = {
      "{",
      "}",
      "[",
      "]",
      "\"",
      ":",
      ",",
      "\"a\"",
      "\"" + secret + "\"",
      secret,
      "null",
      "1e9",
      "\\",
      " ",
      "\n",
      "{\"x\":"
    };
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 3000; i++) {
      StringBuilder json = new StringBuilder();
      for (int n = random.nextInt(1, 12); n > 0; n--) {
        json.append(parts[random.nextInt(parts.length)]);
      }
      Path file = write(json.toString(), "rw-------");
      try {
        new FileBackend(file, false);
      } catch (ConfigException e) {
        assertFalse(e.getMessage().contains(secret), json + " -> " + e.getMessage());
      }
    }
  }

  /**
   * Found by ConfigurationFuzzTest: a NUL in the path threw InvalidPathException out of premain.
   */
  @Test
  void aPathTheFileSystemCannotNameIsAConfigurationError() {
    io.secretsagent.spi.BackendSettings settings =
        new io.secretsagent.spi.BackendSettings() {
          @Override
          public String get(String environmentName, String propertyName) {
            return environmentName.equals("SECRETS_FILE") ? dir + "/secrets\u0000.json" : null;
          }

          @Override
          public java.time.Duration startupTimeout() {
            return java.time.Duration.ofSeconds(10);
          }
        };
    ConfigException e =
        assertThrows(ConfigException.class, () -> new FileBackendProvider().create(settings));
    assertTrue(
        e.getMessage()
            .startsWith(
                "SECRETS_FILE (secrets.file) is not a valid path (Nul character not allowed)"),
        e.getMessage());
  }
}
