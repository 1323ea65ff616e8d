package io.secretsagent.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Ends the JVM when the agent refuses to start: one message on stderr (and in Kubernetes'
 * termination log where writable), then {@link Runtime#halt}. Never {@code System.exit}: this may
 * run on a lookup or a background thread, where shutdown hooks and class-initialisation locks can
 * deadlock (ADR-007).
 */
public final class Exit {

  /** A configuration error: always fatal. */
  public static final int CONFIG = 78;

  /** The backend cannot serve a required secret (unreachable, denied, missing). */
  public static final int UNAVAILABLE = 69;

  /** How long the exit waits for the termination log to be written. */
  static final Duration TERMINATION_LOG_WAIT = Duration.ofMillis(500);

  /** Set by start-up from {@code SECRETS_TERMINATION_LOG} and its declared default; null before. */
  private static volatile Path terminationLog;

  private Exit() {}

  /** Where Kubernetes reads a container's termination message ({@code SECRETS_TERMINATION_LOG}). */
  public static void terminationLog(Path path) {
    terminationLog = path;
  }

  public static void refuse(int status, String message, Throwable cause) {
    String text = message + "\nThe JVM is stopped with exit status " + status + ".";
    try {
      Log.fatal(text, cause);
      writeTerminationLog(terminationLog, text);
    } finally {
      Runtime.getRuntime().halt(status);
    }
  }

  /**
   * Appends the message on a daemon thread and waits at most {@link #TERMINATION_LOG_WAIT}: opening
   * a FIFO with no reader, or a file on a hung network mount, blocks, and the exit path must never
   * block. Only a regular file is written; the thread left behind ends with the JVM.
   */
  static void writeTerminationLog(Path path, String text) {
    if (path == null || !Files.isRegularFile(path) || !Files.isWritable(path)) {
      return;
    }
    Thread writer =
        new Thread(
            () -> {
              try {
                Files.writeString(
                    path,
                    "[secrets-agent] " + text + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
              } catch (IOException | RuntimeException e) {
                // stderr already has the message
              }
            },
            "secrets-agent-termination-log");
    writer.setDaemon(true);
    try {
      writer.start();
      writer.join(TERMINATION_LOG_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | OutOfMemoryError e) {
      // no thread could be started: stderr has the message
    }
  }
}
