package io.secretsagent.it.postgres;

/** A running PostgreSQL server, reachable over TCP with a scram-sha-256 superuser login. */
interface PostgresServer extends AutoCloseable {

  String host();

  int port();

  String superuser();

  String superuserPassword();

  /** Stops the server and removes everything it wrote; idempotent. */
  @Override
  void close();
}
