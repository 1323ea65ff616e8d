package io.secretsagent.it.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.secretsagent.harness.AgentJvm;
import io.secretsagent.harness.SecretsFile;
import io.secretsagent.it.hikari.PoolAppJvm;
import io.secretsagent.it.hikari.SharedPostgres;
import io.secretsagent.it.postgres.PostgresFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified Spring Boot application ({@link BootApp}: {@code
 * spring.datasource.password=${DB_PASSWORD}}, Boot's own HikariCP auto-configuration) gets its
 * database password from the agent and follows a rotation without a failed query. Real PostgreSQL
 * with scram authentication. A full run runs it once, on the class path with the module's HikariCP
 * (7.1.0), and as an executable jar with the HikariCP Boot 3.5.16 manages (6.3.3); naming it with
 * {@code -Dtest} also runs it in the HikariCP 5.1.0 and 6.3.0 executions (class path case).
 */
@ExtendWith(SharedPostgres.class)
class SpringBootAgentTest {

  private static PostgresFixture postgres;

  @TempDir Path dir;

  @BeforeAll
  static void usePostgres(PostgresFixture shared) {
    postgres = shared;
    assertNull(
        System.getenv("DB_PASSWORD"),
        "DB_PASSWORD must not be set in the real environment: the agent serves it");
  }

  private AgentJvm app(String role, SecretsFile file, String refresh) {
    return PoolAppJvm.withAgent(postgres, role, file, refresh);
  }

  @Test
  void startsOnTheSecretServedByTheAgentAndBindsBootsPool() throws Exception {
    String role = postgres.newRole("boot_start_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AgentJvm.Result result = app(role, file, "1h").run(BootApp.class, "1");
    assertEquals(0, result.exitStatus(), result::toString);
    assertTrue(result.stdout().contains("ready\n"), result::toString);
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'boot-pool' follows secret 'db-password' (password)"),
        result::toString);
  }

  /**
   * The control: without the agent nothing supplies DB_PASSWORD. Boot's binder leaves the
   * unresolved placeholder as the literal password, so every login is refused.
   */
  @Test
  void withoutTheAgentTheApplicationHasNoPassword() throws Exception {
    String role = postgres.newRole("boot_none_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    AgentJvm.Result result = app(role, file, "1h").withoutAgent().run(BootApp.class, "1");
    assertTrue(result.stdout().contains("first query failed\n"), result::toString);
    assertTrue(
        result.stdout().contains("password authentication failed for user \"" + role + "\""),
        result::toString);
    assertTrue(result.stdout().contains("ok=0 "), result::toString);
  }

  /**
   * Vault (here the file) updated first, the database 1.5 s later: the swap waits for the database.
   */
  @Test
  void passwordRotatedInTheVaultFirstIsAppliedWithoutAFailedQuery() throws Exception {
    String role = postgres.newRole("boot_vault_first_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    VaultFirstRotation rotation = new VaultFirstRotation(role, file);
    AgentJvm.Result result = app(role, file, "200ms").run(BootApp.class, rotation::onLine, "6");
    assertRotatedWithoutAFailedQuery(
        role,
        rotation,
        result,
        "class path, "
            + Path.of(
                    HikariDataSource.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getFileName());
  }

  /**
   * The same from the executable jar ({@code java -jar}): HikariCP is a nested jar in {@code
   * BOOT-INF/lib}, loaded by Boot's launcher class loader, not the system class loader.
   */
  @Test
  void runFromTheExecutableJarThePoolInBootInfLibIsFollowed() throws Exception {
    Path jar = BootJar.build(dir);
    String hikari;
    try (JarFile entries = new JarFile(jar.toFile())) {
      hikari =
          entries.stream()
              .map(JarEntry::getName)
              .filter(n -> n.startsWith("BOOT-INF/lib/HikariCP-"))
              .findFirst()
              .orElse(null);
      assertEquals(
          "BOOT-INF/lib/HikariCP-6.3.3.jar", hikari, "Boot's own HikariCP is nested in " + jar);
      assertNull(
          entries.getEntry("com/zaxxer/hikari/HikariDataSource.class"),
          "HikariCP must not be at the jar's root");
    }
    String role = postgres.newRole("boot_jar_", "pw-1");
    SecretsFile file = new SecretsFile(dir, "{\"db-password\": \"pw-1\"}");
    VaultFirstRotation rotation = new VaultFirstRotation(role, file);
    List<String> command =
        List.of(
            AgentJvm.Jdk.CURRENT.java().toString(),
            "-javaagent:" + AgentJvm.agentJar(),
            "-jar",
            jar.toString(),
            "6");
    AgentJvm.Result result = app(role, file, "200ms").exec(command, rotation::onLine);
    assertRotatedWithoutAFailedQuery(role, rotation, result, "java -jar, " + hikari);
  }

  private static void assertRotatedWithoutAFailedQuery(
      String role, VaultFirstRotation rotation, AgentJvm.Result result, String how)
      throws InterruptedException {
    rotation.awaitDone(result);
    assertEquals(0, result.exitStatus(), result::toString);
    System.out.println(
        "Spring Boot vault-first rotation ("
            + how
            + "): "
            + result.stdout().lines().filter(l -> l.startsWith("ok=")).findFirst().orElse("?")
            + " in "
            + result.wall().toMillis()
            + " ms\n"
            + result.stderr());
    assertTrue(result.stdout().contains(" failed=0"), result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'boot-pool' follows secret 'db-password' (password)"),
        result::toString);
    assertTrue(
        result
            .stderr()
            .contains("HikariCP pool 'boot-pool' and the rotated secret 'db-password': APPLIED"),
        result::toString);
    assertEquals("28P01", postgres.login(role, "pw-1"), "the old password is refused");
    assertEquals("accepted", postgres.login(role, "pw-2"));
  }

  /** On {@code ready}: the new password to the file (the vault), then 1.5 s later to PostgreSQL. */
  private static final class VaultFirstRotation {
    private final String role;
    private final SecretsFile file;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread thread;

    VaultFirstRotation(String role, SecretsFile file) {
      this.role = role;
      this.file = file;
    }

    void onLine(String line) {
      if (line.equals("ready")) {
        thread =
            new Thread(
                () -> {
                  try {
                    file.write("{\"db-password\": \"pw-2\"}");
                    Thread.sleep(1500); // deliberate: the database takes the new password late
                    postgres.alterPassword(role, "pw-2");
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                });
        thread.start();
      }
    }

    void awaitDone(AgentJvm.Result result) throws InterruptedException {
      assertNotNull(thread, () -> "the application never printed ready\n" + result);
      thread.join();
      assertNull(failure.get(), "rotating the password failed");
    }
  }
}
