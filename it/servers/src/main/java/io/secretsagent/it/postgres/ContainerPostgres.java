package io.secretsagent.it.postgres;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL in a container, for machines with a Docker engine; host logins use scram-sha-256. */
final class ContainerPostgres implements PostgresServer {

  /** System property overriding the image, e.g. {@code postgres:16-alpine}. */
  static final String IMAGE_PROPERTY = "secrets.it.postgres.image";

  private static final String DEFAULT_IMAGE = "postgres:15-alpine";

  private final PostgreSQLContainer<?> container;

  private ContainerPostgres(PostgreSQLContainer<?> container) {
    this.container = container;
  }

  private static volatile Boolean dockerAvailable;

  /** Whether a Docker engine answers; asked once per JVM (~0.4 s to say no). */
  static boolean dockerAvailable() {
    Boolean known = dockerAvailable;
    if (known == null) {
      try {
        known = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        known = false;
      }
      dockerAvailable = known;
    }
    return known;
  }

  static ContainerPostgres start(String password) {
    DockerImageName image =
        DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
            .asCompatibleSubstituteFor("postgres");
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>(image)
            .withUsername("postgres")
            .withPassword(password)
            .withDatabaseName("postgres")
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
            .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256");
    container.start();
    return new ContainerPostgres(container);
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
  }

  @Override
  public String superuser() {
    return container.getUsername();
  }

  @Override
  public String superuserPassword() {
    return container.getPassword();
  }

  @Override
  public void close() {
    container.stop();
  }
}
