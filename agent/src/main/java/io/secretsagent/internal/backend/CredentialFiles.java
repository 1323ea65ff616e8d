package io.secretsagent.internal.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the small files a backend is configured with (a CA's PEM file, a token, a service-account
 * JWT, a secret id) without ever blocking: only a regular file (a symbolic link to one is fine, as
 * Kubernetes mounts them) is opened, so a FIFO with no writer, a socket or a device cannot hang
 * start-up past its budget or a renewal for good; and at most {@link #MAX_BYTES} are read.
 */
public final class CredentialFiles {

  /** Far above any certificate bundle, token or JWT. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** Names what is wrong with a file, for the caller's message; never its content. */
  public static final class UnreadableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableException(String reason) {
      super(reason);
    }
  }

  private CredentialFiles() {}

  /**
   * @throws UnreadableException saying why (missing, not a regular file, too large, unreadable)
   */
  public static byte[] read(Path file) throws UnreadableException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException | SecurityException e) {
      throw new UnreadableException("it does not exist or cannot be seen");
    }
    if (!attributes.isRegularFile()) {
      throw new UnreadableException(
          "it is not a regular file ("
              + (attributes.isDirectory()
                  ? "a directory"
                  : Files.isSymbolicLink(file)
                      ? "a link to no regular file"
                      : "a FIFO, socket or device")
              + ")");
    }
    if (attributes.size() > MAX_BYTES) {
      throw new UnreadableException("it is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        throw new UnreadableException("it is larger than " + MAX_BYTES / 1024 + " KiB");
      }
      return content;
    } catch (UnreadableException e) {
      throw e;
    } catch (IOException | SecurityException e) {
      throw new UnreadableException("it cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
