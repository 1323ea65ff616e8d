package io.secretsagent.it.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL run from the local binaries: a fresh cluster in a temporary directory with
 * scram-sha-256 authentication, listening on 127.0.0.1 on a free port.
 */
final class LocalPostgres implements PostgresServer {

  private static final String SUPERUSER = "postgres";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int PORT_ATTEMPTS = 3;

  private final PostgresBinaries binaries;
  private final Path baseDir;
  private final Path dataDir;
  private final String password;
  private Process postmaster;
  private int port;

  private LocalPostgres(PostgresBinaries binaries, Path baseDir, String password) {
    this.binaries = binaries;
    this.baseDir = baseDir;
    this.dataDir = baseDir.resolve("data");
    this.password = password;
  }

  static LocalPostgres start(PostgresBinaries binaries, String password) {
    Path base;
    try {
      base = Files.createTempDirectory("pg-fixture-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for PostgreSQL", e);
    }
    LocalPostgres server = new LocalPostgres(binaries, base, password);
    try {
      server.initialise();
      server.launch();
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private void initialise() {
    try {
      Path pwfile = baseDir.resolve("pwfile");
      Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
      if (binaries.asRoot()) {
        UserPrincipal owner =
            baseDir
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(PostgresBinaries.OS_USER);
        Files.setOwner(baseDir, owner);
        Files.setOwner(pwfile, owner);
      }
      run(
          binaries.command(
              "initdb",
              "-D",
              dataDir.toString(),
              "--auth=scram-sha-256",
              "--pwfile=" + pwfile,
              "-U",
              SUPERUSER,
              "--encoding=UTF8",
              "--locale=C",
              "--no-sync",
              "--no-instructions"),
          baseDir.resolve("initdb.log"));
      Files.delete(pwfile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot initialise a PostgreSQL cluster in " + dataDir, e);
    }
  }

  private void launch() {
    Path log = baseDir.resolve("postgres.log");
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      try {
        postmaster =
            new ProcessBuilder(
                    binaries.command(
                        "postgres",
                        "-D",
                        dataDir.toString(),
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=" + baseDir,
                        "-c",
                        "fsync=off",
                        "-c",
                        "max_connections=60"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start postgres from " + binaries, e);
      }
      if (awaitReady()) {
        return;
      }
      String output = tail(log);
      if (attempt >= PORT_ATTEMPTS || !output.contains("could not bind")) {
        throw new IllegalStateException(
            "PostgreSQL did not become ready on port "
                + port
                + " within "
                + READY_TIMEOUT.toSeconds()
                + " s; log:\n"
                + output);
      }
    }
  }

  /** Waits until line 8 of postmaster.pid reads "ready"; false if the process ended first. */
  private boolean awaitReady() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!postmaster.isAlive()) {
        return false;
      }
      try {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
          return true;
        }
      } catch (NoSuchFileException e) {
        // not written yet
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        postmaster.waitFor(5, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
      }
    }
    postmaster.destroyForcibly();
    return false;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String superuser() {
    return SUPERUSER;
  }

  @Override
  public String superuserPassword() {
    return password;
  }

  /** Process id of the postmaster, or -1 when not running. */
  long pid() {
    Process process = postmaster;
    return process == null ? -1 : process.pid();
  }

  /** The temporary directory holding the cluster, removed by {@link #close()}. */
  Path baseDir() {
    return baseDir;
  }

  @Override
  public synchronized void close() {
    Process process = postmaster;
    postmaster = null;
    if (process != null && process.isAlive()) {
      try {
        run(
            binaries.command(
                "pg_ctl",
                "stop",
                "-D",
                dataDir.toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                Long.toString(STOP_TIMEOUT.toSeconds())),
            baseDir.resolve("pg_ctl.log"));
      } catch (RuntimeException e) {
        // fall through to the process handle
      }
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteRecursively(baseDir);
  }

  private static void run(List<String> command, Path log) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Exit status "
                + process.exitValue()
                + " from "
                + String.join(" ", command)
                + ":\n"
                + tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
