package io.secretsagent.testapp;

import com.sun.net.httpserver.HttpServer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;

/**
 * An application that an APM agent traces: it serves one HTTP request to itself (a server and a
 * client span for OpenTelemetry), then prints the length of the variable named by its argument, as
 * {@code env-length:NAME=...}. JDK classes only.
 */
public final class TracedHttpApp {

  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/traced");
      HttpURLConnection connection = (HttpURLConnection) url.openConnection();
      System.out.println("http:/traced=" + connection.getResponseCode());
    } finally {
      server.stop(0);
    }
    String value = System.getenv(args[0]);
    System.out.println("env-length:" + args[0] + "=" + (value == null ? -1 : value.length()));
  }
}
