package io.secretsagent.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * A small orders service, written as any service is: it reads {@code DB_URL}, {@code DB_USERNAME},
 * {@code DB_PASSWORD} and {@code JWT_SECRET_KEY} from the environment and {@code orders.admin.key}
 * from the system properties, once, at start. It knows nothing of secrets-agent.
 *
 * <pre>
 * POST /token?user=alice      a signed token (HS256 with JWT_SECRET_KEY), valid 15 minutes
 * POST /orders                with "Authorization: Bearer &lt;token&gt;", body = item: stores an order
 * GET  /orders                with the token: how many orders the caller has, and the last one
 * GET  /health                with "X-Admin-Key: &lt;orders.admin.key&gt;": pool, sessions, secret versions
 * </pre>
 *
 * <p>Listens on {@code HOST} (default {@code 127.0.0.1}; {@code 0.0.0.0} in a container) and {@code
 * PORT} (default 8080; {@code 0} picks a free port, printed on start).
 */
public final class OrdersService {

  private final Tokens tokens;
  private final Orders orders;
  private final Health health;
  private final String adminKey;

  OrdersService(Tokens tokens, Orders orders, Health health, String adminKey) {
    this.tokens = tokens;
    this.orders = orders;
    this.health = health;
    this.adminKey = adminKey;
  }

  public static void main(String[] args) throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("orders");
    pool.setJdbcUrl(required("DB_URL"));
    pool.setUsername(required("DB_USERNAME"));
    pool.setPassword(required("DB_PASSWORD"));
    pool.setMaximumPoolSize(4);
    pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    HikariDataSource dataSource = new HikariDataSource(pool);
    Orders orders = new Orders(dataSource);
    orders.createSchema();
    String adminKey =
        Optional.ofNullable(System.getProperty("orders.admin.key"))
            .orElseThrow(
                () -> new IllegalStateException("Set the system property orders.admin.key"));
    OrdersService service =
        new OrdersService(
            new Tokens(required("JWT_SECRET_KEY"), Duration.ofMinutes(15)),
            orders,
            new Health(dataSource),
            adminKey);

    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(
                System.getenv().getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))),
            64);
    server.createContext("/", service::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  dataSource.close();
                },
                "orders-shutdown"));
    System.out.println(
        "orders: listening on http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort());
  }

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      try {
        switch (route) {
          case "POST /token" ->
              reply(exchange, 200, "{\"token\":\"" + tokens.issue(user(exchange)) + "\"}");
          case "POST /orders" -> {
            String item =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .strip();
            reply(exchange, 201, "{\"id\":" + orders.place(caller(exchange), item) + "}");
          }
          case "GET /orders" -> reply(exchange, 200, orders.summary(caller(exchange)));
          case "GET /health" -> {
            if (!adminKey.equals(exchange.getRequestHeaders().getFirst("X-Admin-Key"))) {
              throw new Refused(403, "X-Admin-Key missing or wrong");
            }
            reply(exchange, 200, health.report());
          }
          default -> reply(exchange, 404, "{\"error\":\"no route " + route + "\"}");
        }
      } catch (Refused e) {
        reply(exchange, e.status, "{\"error\":\"" + e.getMessage() + "\"}");
      } catch (SQLException e) {
        System.err.println("orders: database error " + e.getSQLState() + ": " + e.getMessage());
        reply(exchange, 503, "{\"error\":\"database unavailable\"}");
      }
    }
  }

  private String caller(HttpExchange exchange) throws Refused {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new Refused(401, "Authorization: Bearer <token> required; get one from POST /token");
    }
    return tokens
        .verify(authorization.substring("Bearer ".length()))
        .orElseThrow(() -> new Refused(401, "token invalid or expired"));
  }

  private static String user(HttpExchange exchange) throws Refused {
    String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
    if (!query.matches("user=[a-z0-9_-]{1,32}")) {
      throw new Refused(400, "use POST /token?user=<name>, name of a-z, 0-9, _ and -");
    }
    return query.substring("user=".length());
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Set the environment variable " + name);
    }
    return value;
  }

  /** A request the service turns down, with its HTTP status. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
