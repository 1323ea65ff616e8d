package io.secretsagent.internal.backend;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Whether anyone but this process's user and root could replace a file's content: resolves the path
 * as the kernel does, component by component, and requires that every directory searched and every
 * symbolic link followed on the way, and the file itself, be owned by this user or root, and that
 * no directory searched be writable by group or others unless it has the sticky bit (in a sticky
 * directory only an entry's owner may rename or remove it). This accepts Kubernetes' secret
 * volumes: a tmpfs directory, mode 1777 or owned by root, holding root-owned links into a
 * root-owned {@code ..data} directory of root-owned files.
 */
final class SecretFileTrust {

  private static final int STICKY = 01000;
  private static final int GROUP_OR_OTHERS_WRITE = 0022;
  private static final int LINK_TYPE = 0120000;
  private static final int TYPE_MASK = 0170000;
  private static final int MAX_LINKS = 40; // as Linux: a loop is refused, not followed forever

  /** This process's user id, or -1 where it cannot be told (then only root's files pass). */
  static final int PROCESS_UID = processUid();

  private SecretFileTrust() {}

  /** Whether this file system has owners and modes to check (not so on Windows). */
  static boolean applies() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  }

  /**
   * @return the file's real path (links resolved), to be opened without following links
   * @throws Refusal naming what others could replace (a phrase after the file's name)
   */
  static Path check(Path file) throws IOException, Refusal {
    Path absolute = file.toAbsolutePath();
    Deque<String> names = new ArrayDeque<>();
    push(names, absolute);
    Path dir = absolute.getRoot();
    int links = 0;
    while (!names.isEmpty()) {
      String name = names.pop();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        dir = dir.getParent() == null ? dir : dir.getParent(); // dir is real: its parent is too
        continue;
      }
      checkDirectory(dir);
      Path entry = dir.resolve(name);
      Map<String, Object> unix = Files.readAttributes(entry, "unix:mode,uid", NOFOLLOW);
      if (((int) unix.get("mode") & TYPE_MASK) == LINK_TYPE) {
        int owner = (int) unix.get("uid");
        if (!trusted(owner)) {
          throw new Refusal(
              "is reached through the link "
                  + entry
                  + ", owned by uid "
                  + owner
                  + ", neither this process's user ("
                  + uidText()
                  + ") nor root, who may point it elsewhere; replace the link with one this user"
                  + " owns");
        }
        if (++links > MAX_LINKS) {
          throw new Refusal("is reached through more than " + MAX_LINKS + " links (a loop?)");
        }
        Path target = Files.readSymbolicLink(entry);
        push(names, target);
        if (target.isAbsolute()) {
          dir = target.getRoot();
        }
      } else if (names.isEmpty()) {
        return entry;
      } else {
        dir = entry; // not a directory: the next lookup fails, as the kernel's would
      }
    }
    return dir;
  }

  /** The file's own owner; its mode is the reader's to judge. */
  static void checkOwner(Path real) throws IOException, Refusal {
    int owner = (int) Files.getAttribute(real, "unix:uid", NOFOLLOW);
    if (!trusted(owner)) {
      throw new Refusal(
          "is owned by uid "
              + owner
              + ", neither this process's user ("
              + uidText()
              + ") nor root, so that user may change it; run chown "
              + Math.max(PROCESS_UID, 0)
              + " "
              + real
              + ", or copy it to a file this user owns");
    }
  }

  private static void checkDirectory(Path dir) throws IOException, Refusal {
    Map<String, Object> unix = Files.readAttributes(dir, "unix:mode,uid");
    int owner = (int) unix.get("uid");
    int mode = (int) unix.get("mode");
    if (!trusted(owner)) {
      throw new Refusal(
          "is in "
              + dir
              + ", owned by uid "
              + owner
              + ", neither this process's user ("
              + uidText()
              + ") nor root, who may replace the file; move it to a directory this user or root"
              + " owns");
    }
    if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
      throw new Refusal(
          "is in "
              + dir
              + String.format(" (mode %04o)", mode & 07777)
              + ", which group or others may write, so they may replace the file; run chmod go-w "
              + dir
              + " (or chmod +t for a shared directory), or move the file");
    }
  }

  private static boolean trusted(int uid) {
    return uid == 0 || uid == PROCESS_UID;
  }

  private static String uidText() {
    return PROCESS_UID < 0 ? "unknown" : "uid " + PROCESS_UID;
  }

  private static void push(Deque<String> names, Path path) {
    for (int i = path.getNameCount() - 1; i >= 0; i--) {
      names.push(path.getName(i).toString());
    }
  }

  private static int processUid() {
    try {
      Class<?> unix = Class.forName("com.sun.security.auth.module.UnixSystem");
      return (int) (long) unix.getMethod("getUid").invoke(unix.getConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // a runtime image without jdk.security.auth: /proc/self belongs to this process's user
    }
    try {
      return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** Others could replace the file; the message is a phrase that follows the file's name. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
      super(reason);
    }
  }
}
