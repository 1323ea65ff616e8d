package io.secretsagent.it.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Locates the PostgreSQL server binaries and builds command lines for them. As root the binaries
 * run as the {@code postgres} OS user through {@code setpriv}, since PostgreSQL refuses to run as
 * root; otherwise they run as the current user.
 */
final class PostgresBinaries {

  /** System property naming a directory with {@code initdb}, {@code postgres}, {@code pg_ctl}. */
  static final String BIN_DIR_PROPERTY = "secrets.it.postgres.bin";

  static final String OS_USER = "postgres";

  private final Path binDir;
  private final boolean asRoot;

  private PostgresBinaries(Path binDir, boolean asRoot) {
    this.binDir = binDir;
    this.asRoot = asRoot;
  }

  /** Finds the binaries, or explains where it looked. */
  static PostgresBinaries locate() {
    Path dir =
        Optional.ofNullable(System.getProperty(BIN_DIR_PROPERTY))
            .map(Paths::get)
            .or(PostgresBinaries::newestDebianBinDir)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No PostgreSQL binaries found in /usr/lib/postgresql/*/bin and no Docker engine for"
                            + " Testcontainers; install postgresql (Debian) or set -D"
                            + BIN_DIR_PROPERTY
                            + "=<dir containing initdb and postgres>"));
    if (!Files.isExecutable(dir.resolve("initdb"))
        || !Files.isExecutable(dir.resolve("postgres"))) {
      throw new IllegalStateException(
          "No executable initdb/postgres in "
              + dir
              + "; point -D"
              + BIN_DIR_PROPERTY
              + " at a PostgreSQL bin directory");
    }
    return new PostgresBinaries(dir, "root".equals(System.getProperty("user.name")));
  }

  private static Optional<Path> newestDebianBinDir() {
    Path root = Paths.get("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .filter(Files::isDirectory);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  boolean asRoot() {
    return asRoot;
  }

  /** A command line running {@code program} from the bin directory with {@code args}. */
  List<String> command(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(
          List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups"));
    }
    command.add(binDir.resolve(program).toString());
    command.addAll(List.of(args));
    return command;
  }

  @Override
  public String toString() {
    return binDir + (asRoot ? " (as OS user " + OS_USER + ")" : "");
  }
}
