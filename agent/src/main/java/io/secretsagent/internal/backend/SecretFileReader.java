package io.secretsagent.internal.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a file that holds secrets, safely: a regular file only (symbolic links followed), so that a
 * FIFO or a device never blocks the agent; at most {@link #MAX_BYTES}; refused when group or others
 * may write it (anyone could substitute a secret) and, for {@link Sharing#PRIVATE} files, read it;
 * UTF-8 only. Each read gives the content's SHA-256, so that a caller detects a change by content:
 * timestamps and sizes miss same-size rewrites with the same time ({@code cp -p}, {@code rsync -a},
 * two writes within the file system's timestamp granularity).
 */
public final class SecretFileReader {

  /** 1 MiB: far above any real secrets file (Key Vault allows 25 KB per secret). */
  public static final int MAX_BYTES = 1 << 20;

  /** Who besides the owner may read the file. */
  public enum Sharing {
    /** Nobody: group- or world-readable is refused. */
    PRIVATE,
    /** Anyone (a volume private to the pod, e.g. Kubernetes' default mode 0644). */
    READABLE
  }

  /** What went wrong, for callers that word their own messages. */
  public enum Problem {
    MISSING,
    NOT_A_REGULAR_FILE,
    TOO_LARGE,
    OPEN_PERMISSIONS,
    NOT_UTF8,
    UNREADABLE
  }

  /**
   * Changes shorter than this after a file's last change may leave its stamp as it was (timestamp
   * granularity); until then, {@link #unchangedSince} answers false.
   */
  private static final long RACY_MILLIS = 2_000;

  /**
   * What {@code stat} says of a file: inode, size, modification and status-change times. Tools that
   * keep the modification time ({@code cp -p}, {@code rsync -a}, {@code touch -r}) cannot keep the
   * status-change time, and a rename changes the inode.
   */
  public record Stamp(
      Object fileKey, long size, Object modified, Object changed, long takenAtMillis) {
    boolean sameFileState(Stamp other) {
      return other != null
          && Objects.equals(fileKey, other.fileKey)
          && size == other.size
          && modified.equals(other.modified)
          && changed != null
          && changed.equals(other.changed);
    }
  }

  /** A file's content, its SHA-256, and its stamp taken before it was read. */
  public record Content(String text, byte[] sha256, Stamp stamp) {
    /** Whether {@code other} has the same content. */
    public boolean sameAs(Content other) {
      return other != null && MessageDigest.isEqual(sha256, other.sha256);
    }

    @Override
    public String toString() {
      return "file content"; // never the text
    }
  }

  /** The file cannot be served; the message names the file, never its content. */
  public static final class SecretFileException extends Exception {
    private final Problem problem;

    SecretFileException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  private final Sharing sharing;
  private final boolean allowOpenPermissions;
  private final String allowSetting;
  private final Clock clock;

  /**
   * @param allowOpenPermissions accept any permissions (the override setting is true)
   * @param allowSetting the override setting as the user writes it, for the message, e.g. {@code
   *     SECRETS_FILE_ALLOW_OPEN_PERMISSIONS=true}
   */
  public SecretFileReader(Sharing sharing, boolean allowOpenPermissions, String allowSetting) {
    this(sharing, allowOpenPermissions, allowSetting, Clock.systemUTC());
  }

  /**
   * @param clock the wall clock, compared with the file system's timestamps
   */
  public SecretFileReader(
      Sharing sharing, boolean allowOpenPermissions, String allowSetting, Clock clock) {
    this.sharing = sharing;
    this.allowOpenPermissions = allowOpenPermissions;
    this.allowSetting = allowSetting;
    this.clock = clock;
  }

  public Content read(Path file) throws SecretFileException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      Stamp stamp = stamp(file, attributes);
      if (!attributes.isRegularFile()) {
        throw new SecretFileException(
            Problem.NOT_A_REGULAR_FILE,
            file + " cannot be read: it is not a regular file (a directory, FIFO or device)");
      }
      checkPermissions(file);
      byte[] bytes = readBounded(file);
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      Content content =
          new Content(text, MessageDigest.getInstance("SHA-256").digest(bytes), stamp);
      Arrays.fill(bytes, (byte) 0);
      return content;
    } catch (NoSuchFileException e) {
      throw new SecretFileException(Problem.MISSING, file + " does not exist");
    } catch (CharacterCodingException e) {
      throw new SecretFileException(Problem.NOT_UTF8, file + " is not valid UTF-8");
    } catch (IOException e) {
      throw new SecretFileException(
          Problem.UNREADABLE,
          file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); check that this user may");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Whether {@code file} still holds {@code last}'s content, judged by its stamp alone (no read):
   * true only when the stamp is the same and the file had not changed for {@value #RACY_MILLIS} ms
   * when {@code last} was read. Callers read the file when false, and compare content.
   */
  public boolean unchangedSince(Path file, Content last) {
    try {
      Stamp now = stamp(file, Files.readAttributes(file, BasicFileAttributes.class));
      return now.sameFileState(last.stamp()) && settledWhenRead(last.stamp());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean settledWhenRead(Stamp stamp) {
    long lastChange =
        Math.max(((FileTime) stamp.modified()).toMillis(), ((FileTime) stamp.changed()).toMillis());
    return stamp.takenAtMillis() - lastChange > RACY_MILLIS;
  }

  private Stamp stamp(Path file, BasicFileAttributes attributes) {
    Object changed;
    try {
      changed = Files.getAttribute(file, "unix:ctime");
    } catch (IOException | RuntimeException e) {
      changed = null; // no status-change time here: the content is always compared
    }
    return new Stamp(
        attributes.fileKey(),
        attributes.size(),
        attributes.lastModifiedTime(),
        changed,
        clock.millis());
  }

  private static byte[] readBounded(Path file) throws IOException, SecretFileException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_BYTES) + 1);
      while (true) {
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() > MAX_BYTES) {
            break; // over the bound
          }
          buffer = ByteBuffer.allocate(MAX_BYTES + 1).put(buffer.flip()); // it grew while read
        }
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      if (buffer.position() > MAX_BYTES) {
        throw new SecretFileException(
            Problem.TOO_LARGE,
            file + " is larger than " + MAX_BYTES / 1024 + " KiB; keep only secrets in it");
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  private void checkPermissions(Path file) throws IOException, SecretFileException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (allowOpenPermissions || posix == null) {
      return;
    }
    Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
    boolean writable =
        permissions.contains(PosixFilePermission.GROUP_WRITE)
            || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    boolean readable =
        permissions.contains(PosixFilePermission.GROUP_READ)
            || permissions.contains(PosixFilePermission.OTHERS_READ);
    if (writable || (readable && sharing == Sharing.PRIVATE)) {
      throw new SecretFileException(
          Problem.OPEN_PERMISSIONS,
          file
              + " may be "
              + (writable ? "written" : "read")
              + " by group or others; run chmod "
              + (sharing == Sharing.PRIVATE ? "600 " : "644 ")
              + file
              + ", or set "
              + allowSetting);
    }
  }
}
