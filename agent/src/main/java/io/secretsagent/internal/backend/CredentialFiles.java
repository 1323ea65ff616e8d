package io.secretsagent.internal.backend;

import io.secretsagent.internal.backend.SecretFileReader.SecretFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the small files a backend is configured with (a CA's PEM file, a token, a service-account
 * JWT, a secret id) through the one {@link SecretFileReader}: a regular file only (a symbolic link
 * to one is fine, as Kubernetes mounts them), so a FIFO, a socket or a device cannot hang start-up
 * or a renewal; at most {@link #MAX_BYTES}; and refused when group or others may write it: a CA
 * file others may write would let them make the agent trust a fake server. Readable by group or
 * others is accepted (Kubernetes' default mode is 0644). Its owner and directories are not checked,
 * unlike a secrets file's: these files are commonly written by another process of the pod under its
 * own uid (the Vault Agent's token sink in a shared {@code emptyDir}, mode 0777). There is no
 * override: such a file is fixed with chmod.
 */
public final class CredentialFiles {

  /** Far above any certificate bundle, token or JWT. */
  public static final int MAX_BYTES = SecretFileReader.MAX_BYTES;

  private static final SecretFileReader READER =
      new SecretFileReader(SecretFileReader.Sharing.SHARED_WITH_SIDECARS, false, null);

  /** Names what is wrong with a file, for the caller's message; never its content. */
  public static final class UnreadableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableException(String reason) {
      super(reason);
    }
  }

  private CredentialFiles() {}

  /**
   * @throws UnreadableException saying why, as a phrase about "it" (missing, not a regular file,
   *     too large, others could change it, unreadable)
   */
  public static byte[] read(Path file) throws UnreadableException {
    try {
      return READER.readBytes(file);
    } catch (SecretFileException e) {
      throw new UnreadableException("it " + e.reason());
    }
  }
}
