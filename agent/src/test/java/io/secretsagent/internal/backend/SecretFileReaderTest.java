package io.secretsagent.internal.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secretsagent.internal.backend.SecretFileReader.Content;
import io.secretsagent.internal.backend.SecretFileReader.Problem;
import io.secretsagent.internal.backend.SecretFileReader.SecretFileException;
import io.secretsagent.internal.backend.SecretFileReader.Sharing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one reader of secrets and credential files: who could replace a file (its owner, the
 * directories and links on its path) and whether what is opened is what was checked.
 */
class SecretFileReaderTest {

  private static final String ALLOW = "SECRETS_FILE_ALLOW_OPEN_PERMISSIONS=true";

  @TempDir Path dir;

  private final SecretFileReader strict = new SecretFileReader(Sharing.PRIVATE, false, ALLOW);
  private final SecretFileReader open = new SecretFileReader(Sharing.PRIVATE, true, ALLOW);
  private final SecretFileReader shared = new SecretFileReader(Sharing.READABLE, false, ALLOW);

  private static Path write(Path file, String content, String mode) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static void chmod(String mode, Path path) throws Exception {
    Process chmod = new ProcessBuilder("chmod", mode, path.toString()).inheritIO().start();
    assertEquals(0, chmod.waitFor(), "chmod " + mode + " " + path);
  }

  private static UserPrincipal nobody() throws Exception {
    return Path.of("/")
        .getFileSystem()
        .getUserPrincipalLookupService()
        .lookupPrincipalByName("nobody");
  }

  /** Giving a file away needs root; as any other user the test is skipped, saying so. */
  private static void assumeCanChown() {
    assumeTrue(
        SecretFileTrust.PROCESS_UID == 0,
        "skipped: only root can give a file to another user (this process is uid "
            + SecretFileTrust.PROCESS_UID
            + ")");
  }

  private static SecretFileException refused(SecretFileReader reader, Path file) {
    SecretFileException e = assertThrows(SecretFileException.class, () -> reader.read(file));
    assertEquals(Problem.OPEN_PERMISSIONS, e.problem(), e.getMessage());
    assertFalse(e.getMessage().contains("attacker-value"), e.getMessage());
    return e;
  }

  @Test
  void aFileOwnedByAnotherUserIsRefusedUnlessAllowed() throws Exception {
    assumeCanChown();
    Path file = write(dir.resolve("secrets.json"), "attacker-value", "rw-------");
    Files.setOwner(file, nobody());
    int nobody = (int) Files.getAttribute(file, "unix:uid");
    SecretFileException e = refused(strict, file);
    assertEquals(
        file
            + " is owned by uid "
            + nobody
            + ", neither this process's user (uid 0) nor root, so that user may change it;"
            + " run chown 0 "
            + file
            + ", or copy it to a file this user owns, or set "
            + ALLOW,
        e.getMessage());
    assertEquals("attacker-value", open.read(file).text());
  }

  @Test
  void aFileInADirectoryOthersMayWriteIsRefused() throws Exception {
    for (String mode : new String[] {"777", "770", "707"}) {
      Path sub = dir.resolve("d" + mode);
      Path file = write(sub.resolve("secrets.json"), "{}", "rw-------");
      chmod(mode, sub);
      SecretFileException e = refused(strict, file);
      assertEquals(
          file
              + " is in "
              + sub
              + " (mode 0"
              + mode
              + "), which group or others may write, so they may replace the file; run chmod go-w "
              + sub
              + " (or chmod +t for a shared directory), or move the file, or set "
              + ALLOW,
          e.getMessage());
      assertEquals("{}", open.read(file).text());
    }
  }

  @Test
  void aWritableDirectoryHigherUpIsRefused() throws Exception {
    Path file = write(dir.resolve("shared/private/secrets.json"), "{}", "rw-------");
    chmod("700", file.getParent());
    chmod("777", dir.resolve("shared"));
    assertTrue(
        refused(strict, file).getMessage().contains(" is in " + dir.resolve("shared") + " (mode"));
  }

  @Test
  void aStickyWorldWritableDirectoryIsAccepted() throws Exception {
    Path sub = dir.resolve("tmp");
    Path file = write(sub.resolve("secrets.json"), "{}", "rw-------");
    chmod("1777", sub);
    assertEquals("{}", strict.read(file).text());
  }

  @Test
  void aLinkInADirectoryOthersMayWriteIsRefused() throws Exception {
    Path file = write(dir.resolve("safe/secrets.json"), "{}", "rw-------");
    Path writable = dir.resolve("writable");
    Files.createDirectories(writable);
    Path link = Files.createSymbolicLink(writable.resolve("secrets.json"), file);
    chmod("777", writable);
    assertTrue(refused(strict, link).getMessage().contains(" is in " + writable + " (mode 0777)"));
    assertEquals("{}", strict.read(file).text());
  }

  @Test
  void aLinkOwnedByAnotherUserIsRefused() throws Exception {
    assumeCanChown();
    Path file = write(dir.resolve("safe/secrets.json"), "{}", "rw-------");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);
    Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setOwner(nobody());
    assertTrue(refused(strict, link).getMessage().contains(" is reached through the link " + link));
  }

  /**
   * Kubernetes' secret volume: a tmpfs directory (1777 here: world-writable with the sticky bit),
   * each key a link into {@code ..data}, itself a link to a timestamped directory of 0644 files,
   * all owned by root (or, when not run as root, by this user).
   */
  @Test
  void aKubernetesSecretVolumeIsAccepted() throws Exception {
    Path volume = dir.resolve("volume");
    Path timestamped = volume.resolve("..2026_12_03_20_00_00.123456789");
    write(timestamped.resolve("db-password"), "s3cret", "rw-r--r--");
    chmod("755", timestamped);
    Files.createSymbolicLink(volume.resolve("..data"), timestamped.getFileName());
    Path key =
        Files.createSymbolicLink(volume.resolve("db-password"), Path.of("..data/db-password"));
    chmod("1777", volume);
    assertEquals("s3cret", shared.read(key).text());
    assertEquals(
        "s3cret", new String(CredentialFiles.read(key), StandardCharsets.UTF_8)); // e.g. a JWT
  }

  @Test
  void aLinkLoopIsRefusedNotFollowedForever() throws Exception {
    Path a = dir.resolve("a");
    Files.createSymbolicLink(a, dir.resolve("b"));
    Files.createSymbolicLink(dir.resolve("b"), a);
    SecretFileException e = assertThrows(SecretFileException.class, () -> strict.read(a));
    assertTrue(e.getMessage().contains("more than 40 links"), e.getMessage());
  }

  @Test
  void aCredentialFileOthersMayWriteIsRefused() throws Exception {
    Path ca = write(dir.resolve("ca.pem"), "pem", "rw-rw-r--");
    CredentialFiles.UnreadableException e =
        assertThrows(CredentialFiles.UnreadableException.class, () -> CredentialFiles.read(ca));
    assertEquals("it may be written by group or others; run chmod 644 " + ca, e.getMessage());

    Path readable = write(dir.resolve("jwt"), "j", "rw-r--r--");
    assertArrayEquals(new byte[] {'j'}, CredentialFiles.read(readable));
  }

  @Test
  void aSidecarsTokenSinkInASharedEmptyDirIsAccepted() throws Exception {
    assumeCanChown();
    Path emptyDir = Files.createDirectory(dir.resolve("vault-agent"));
    Files.setPosixFilePermissions(emptyDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path token = write(emptyDir.resolve("token"), "hvs.sink", "rw-r-----");
    Files.setOwner(token, nobody()); // the Vault Agent's own uid
    Path link = Files.createSymbolicLink(dir.resolve("token-link"), token);
    assertEquals("hvs.sink", new String(CredentialFiles.read(link), StandardCharsets.UTF_8));
  }

  @Test
  void aDirectoryIsNotARegularFile() {
    SecretFileException e = assertThrows(SecretFileException.class, () -> strict.read(dir));
    assertEquals(Problem.NOT_A_REGULAR_FILE, e.problem());
    assertEquals(dir + " cannot be read: it is not a regular file (a directory)", e.getMessage());
  }

  /** The stamp alone answers only once the file had been quiet for two seconds when read. */
  @Test
  void unchangedSinceTrustsAStampOnlyWhenTheFileWasQuietWhenRead() throws Exception {
    Path file = write(dir.resolve("secrets.json"), "{\"a\": \"1\"}", "rw-------");
    Instant changed = Files.getLastModifiedTime(file).toInstant();
    Instant ctime = ((FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
    Instant last = changed.isAfter(ctime) ? changed : ctime;

    SecretFileReader soon =
        new SecretFileReader(
            Sharing.PRIVATE, false, ALLOW, Clock.fixed(last.plusMillis(500), ZoneOffset.UTC));
    assertFalse(soon.unchangedSince(file, soon.read(file)), "read within 2 s of a change");

    SecretFileReader later =
        new SecretFileReader(
            Sharing.PRIVATE, false, ALLOW, Clock.fixed(last.plusSeconds(10), ZoneOffset.UTC));
    Content quiet = later.read(file);
    assertTrue(later.unchangedSince(file, quiet));

    Files.writeString(file, "{\"a\": \"22\"}"); // size and times change
    assertFalse(later.unchangedSince(file, quiet));
    Content again = later.read(file);
    assertFalse(again.sameAs(quiet));

    Files.delete(file);
    assertFalse(later.unchangedSince(file, again), "a missing file is never unchanged");
  }
}
