package io.secretsagent.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A secrets file for the file backend, owner-readable only, rewritten atomically. */
public final class SecretsFile {
  private final Path path;

  public SecretsFile(Path dir, String json) {
    this.path = dir.resolve("secrets.json");
    write(json);
  }

  public Path path() {
    return path;
  }

  public void write(String json) {
    try {
      Path tmp =
          Files.createTempFile(
              path.getParent(),
              "secrets",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, json);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
