package io.secretsagent.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PostgresFixtureTest {

  @Test
  void rejectsWrongAndStalePasswordsWith28P01() throws SQLException {
    try (PostgresFixture postgres = PostgresFixture.start()) {
      System.out.printf(
          "[postgres-fixture] started in %d ms (%s)%n",
          postgres.startupTime().toMillis(), postgres.server().getClass().getSimpleName());
      postgres.createRole("app", "first");

      SQLException wrong =
          assertThrows(SQLException.class, () -> postgres.connect("app", "nope").close());
      assertEquals("28P01", wrong.getSQLState());

      try (Connection survivor = postgres.connect("app", "first")) {
        postgres.alterPassword("app", "second");
        SQLException stale =
            assertThrows(SQLException.class, () -> postgres.connect("app", "first").close());
        assertEquals("28P01", stale.getSQLState());
        assertTrue(survivor.isValid(2), "sessions opened before ALTER ROLE stay usable");
        try (Connection fresh = postgres.connect("app", "second")) {
          List<Instant> starts = postgres.backendStartTimes("app");
          assertEquals(2, starts.size(), "two sessions of role app: " + starts);
          assertEquals(2, postgres.terminateBackends("app"));
          assertFalse(fresh.isValid(2), "terminated session is closed");
        }
      }
      assertEquals(List.of(), postgres.backendStartTimes("app"));
    }
  }

  @Test
  void closeLeavesNoProcessAndNoFiles() throws Exception {
    PostgresFixture postgres = PostgresFixture.start();
    assumeTrue(
        postgres.server() instanceof LocalPostgres, "cleanup check applies to local binaries");
    LocalPostgres local = (LocalPostgres) postgres.server();
    ProcessHandle postmaster = ProcessHandle.of(local.pid()).orElseThrow();
    Path dir = local.baseDir();
    postgres.createRole("idle", "pw");
    Connection open = postgres.connect("idle", "pw");
    List<ProcessHandle> processes =
        Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    assertTrue(processes.size() >= 3, "postmaster, its workers and a backend: " + processes);

    postgres.close();

    assertEquals(
        List.of(), processes.stream().filter(ProcessHandle::isAlive).toList(), "still alive");
    assertFalse(Files.exists(dir), dir + " deleted");
    assertFalse(open.isValid(1));
    postgres.close(); // idempotent
  }
}
