package io.secretsagent.internal.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a file that holds secrets, safely: a regular file only (symbolic links followed), so that a
 * FIFO or a device never blocks the agent; at most {@link #MAX_BYTES}; refused when group or others
 * may write it (anyone could substitute a secret) and, for {@link Sharing#PRIVATE} files, read it;
 * UTF-8 only. Each read gives the content and a stamp, so that a caller detects a change by
 * content: timestamps and sizes miss same-size rewrites with the same time ({@code cp -p}, {@code
 * rsync -a}, two writes within the file system's timestamp granularity).
 */
public final class SecretFileReader {

  /** 1 MiB: far above any real secrets file (Key Vault allows 25 KB per secret). */
  public static final int MAX_BYTES = 1 << 20;

  /** Who besides the owner may read the file. */
  public enum Sharing {
    /** Nobody: group- or world-readable is refused. */
    PRIVATE,
    /** Anyone (a volume private to the pod, e.g. Kubernetes' default mode 0644). */
    READABLE,
    /**
     * Readable by anyone and written by another process of the pod, as the Vault Agent's token sink
     * in a shared {@code emptyDir} (mode 0777, no sticky bit) under its own uid: its owner and
     * directories are not checked, only that group and others may not write the file itself.
     */
    SHARED_WITH_SIDECARS
  }

  /** What went wrong, for callers that word their own messages. */
  public enum Problem {
    MISSING,
    NOT_A_REGULAR_FILE,
    TOO_LARGE,
    OPEN_PERMISSIONS,
    NOT_UTF8,
    UNREADABLE,
    /** Replaced between the check and the open, each of {@link #ATTEMPTS} times. */
    REPLACED
  }

  /** Reads of a file replaced while being opened (an atomic rename is a normal rotation). */
  static final int ATTEMPTS = 3;

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

  /**
   * A file's content and its stamp taken before it was read. Contents are compared as text: the
   * text is held anyway, and a digest would start the JDK's security providers (about 60 classes,
   * measured at start-up) for nothing.
   */
  public record Content(String text, Stamp stamp) {
    /** Whether {@code other} has the same content. */
    public boolean sameAs(Content other) {
      return other != null && text.equals(other.text);
    }

    @Override
    public String toString() {
      return "file content"; // never the text
    }
  }

  /** The file cannot be served; the message names the file, never its content. */
  public static final class SecretFileException extends Exception {
    private final Problem problem;
    private final String reason;

    SecretFileException(Problem problem, Path file, String reason) {
      super(
          problem == Problem.NOT_A_REGULAR_FILE
              ? file + " cannot be read: it " + reason
              : file + " " + reason);
      this.problem = problem;
      this.reason = reason;
    }

    public Problem problem() {
      return problem;
    }

    /** The message without the file's name: a phrase such as "is not a regular file (...)". */
    public String reason() {
      return reason;
    }
  }

  private final Sharing sharing;
  private final boolean allowOpenPermissions;
  private final String allowSetting;
  private final Clock clock;

  /**
   * @param allowOpenPermissions accept any owner and permissions (the override setting is true)
   * @param allowSetting the override setting as the user writes it, for the message, e.g. {@code
   *     SECRETS_FILE_ALLOW_OPEN_PERMISSIONS=true}; null where there is none
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

  /** Reads the file as UTF-8 text, with its stamp. */
  public Content read(Path file) throws SecretFileException {
    Stamp[] stamp = new Stamp[1];
    byte[] bytes = readBytes(file, stamp);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return new Content(text, stamp[0]);
    } catch (CharacterCodingException e) {
      throw new SecretFileException(Problem.NOT_UTF8, file, "is not valid UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Reads the file's bytes; the caller clears them when done. */
  public byte[] readBytes(Path file) throws SecretFileException {
    return readBytes(file, new Stamp[1]);
  }

  /**
   * Checks who could replace the file, then opens it and checks that what was opened is the regular
   * file that was checked (same {@code fileKey}, device and inode) before reading at most {@link
   * #MAX_BYTES}. Java cannot open with {@code O_NONBLOCK}: a FIFO put in the file's place between
   * the check and the open would block the open until a writer comes. Only this user or root can
   * make that swap once {@link SecretFileTrust} has passed (no one else may write in the
   * directories on the way), and the file's real path is opened without following links; with the
   * override set, the window is the user's accepted risk.
   */
  private byte[] readBytes(Path file, Stamp[] stamp) throws SecretFileException {
    for (int attempt = 1; ; attempt++) {
      try {
        return readOnce(file, stamp);
      } catch (SecretFileException e) {
        if (e.problem() != Problem.REPLACED || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private byte[] readOnce(Path file, Stamp[] stamp) throws SecretFileException {
    try {
      Path open = file;
      boolean checked = !allowOpenPermissions && SecretFileTrust.applies();
      if (checked) {
        open =
            sharing == Sharing.SHARED_WITH_SIDECARS
                ? file.toRealPath()
                : SecretFileTrust.check(file);
      }
      BasicFileAttributes before = Files.readAttributes(open, BasicFileAttributes.class);
      stamp[0] = stamp(open, before);
      if (!before.isRegularFile()) {
        throw new SecretFileException(
            Problem.NOT_A_REGULAR_FILE,
            file,
            "is not a regular file ("
                + (before.isDirectory() ? "a directory" : "a FIFO, socket or device")
                + ")");
      }
      if (checked) {
        if (sharing != Sharing.SHARED_WITH_SIDECARS) {
          SecretFileTrust.checkOwner(open);
        }
        checkPermissions(file, open);
      }
      try (FileChannel channel =
          checked
              ? FileChannel.open(open, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
              : FileChannel.open(open, StandardOpenOption.READ)) {
        BasicFileAttributes after = Files.readAttributes(open, BasicFileAttributes.class);
        if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
          throw new SecretFileException(
              Problem.REPLACED,
              file,
              "was replaced while being opened, " + ATTEMPTS + " times; it is read again later");
        }
        return readBounded(file, channel);
      }
    } catch (NoSuchFileException e) {
      throw new SecretFileException(Problem.MISSING, file, "does not exist");
    } catch (SecretFileTrust.Refusal e) {
      throw new SecretFileException(Problem.OPEN_PERMISSIONS, file, e.getMessage() + orSet());
    } catch (IOException | SecurityException e) {
      throw new SecretFileException(
          Problem.UNREADABLE,
          file,
          "cannot be read (" + e.getClass().getSimpleName() + "); check that this user may");
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

  private static byte[] readBounded(Path file, FileChannel channel)
      throws IOException, SecretFileException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_BYTES) + 1);
    while (true) {
      if (!buffer.hasRemaining()) {
        if (buffer.capacity() > MAX_BYTES) {
          break; // over the bound
        }
        ByteBuffer grown = ByteBuffer.allocate(MAX_BYTES + 1).put(buffer.flip()); // it grew
        Arrays.fill(buffer.array(), (byte) 0);
        buffer = grown;
      }
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    try {
      if (buffer.position() > MAX_BYTES) {
        throw new SecretFileException(
            Problem.TOO_LARGE,
            file,
            "is larger than " + MAX_BYTES / 1024 + " KiB; keep only secrets in it");
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    } finally {
      Arrays.fill(buffer.array(), (byte) 0);
    }
  }

  /**
   * The mode bits of the file itself: group or others may never write it, nor read a private one.
   */
  private void checkPermissions(Path file, Path real) throws IOException, SecretFileException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
    boolean writable =
        permissions.contains(PosixFilePermission.GROUP_WRITE)
            || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    boolean readable =
        permissions.contains(PosixFilePermission.GROUP_READ)
            || permissions.contains(PosixFilePermission.OTHERS_READ);
    if (writable || (readable && sharing == Sharing.PRIVATE)) {
      throw new SecretFileException(
          Problem.OPEN_PERMISSIONS,
          file,
          "may be "
              + (writable ? "written" : "read")
              + " by group or others; run chmod "
              + (sharing == Sharing.PRIVATE ? "600 " : "644 ")
              + file
              + orSet());
    }
  }

  private String orSet() {
    return allowSetting == null ? "" : ", or set " + allowSetting;
  }
}
