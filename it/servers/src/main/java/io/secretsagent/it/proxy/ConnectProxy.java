package io.secretsagent.it.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP proxy that only tunnels: {@code CONNECT host:port} opens a TCP connection to the
 * target and relays bytes both ways, as a corporate egress proxy does for HTTPS. Anything else is
 * answered {@code 405}. Records every tunnel's target and whether the request carried a {@code
 * Proxy-Authorization} header, so a test can tell whether (and how) a client went through it.
 */
public final class ConnectProxy implements AutoCloseable {

  /** One {@code CONNECT} request: its target and whether it carried proxy credentials. */
  public record Tunnel(String target, boolean authorized) {}

  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "connect-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  private ConnectProxy(ServerSocket listener) {
    this.listener = listener;
  }

  /**
   * @return a proxy listening on a free port of 127.0.0.1
   */
  public static ConnectProxy start() throws IOException {
    ConnectProxy proxy =
        new ConnectProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /**
   * @return {@code http://127.0.0.1:<port>}, the value for {@code HTTPS_PROXY}
   */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * @return every {@code CONNECT} seen so far, oldest first
   */
  public List<Tunnel> tunnels() {
    return List.copyOf(tunnels);
  }

  /**
   * @return the request lines of requests that were not {@code CONNECT} (plain forwarding)
   */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      String requestLine = head.lines().findFirst().orElse("");
      String[] parts = requestLine.split(" ");
      OutputStream out = client.getOutputStream();
      if (parts.length < 2 || !parts[0].equals("CONNECT")) {
        refused.add(requestLine);
        out.write(
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      tunnels.add(
          new Tunnel(
              parts[1],
              head.toLowerCase(java.util.Locale.ROOT).contains("\nproxy-authorization:")));
      int colon = parts[1].lastIndexOf(':');
      try (Socket target = new Socket()) {
        target.connect(
            new InetSocketAddress(
                parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1))),
            5_000);
        out.write(
            "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        threads.execute(() -> relay(target, client));
        relay(client, target);
      }
    } catch (IOException | RuntimeException e) {
      // the client or the target went away: the tunnel ends
    }
  }

  private static void relay(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  /** Reads up to the blank line that ends the request head. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < 4 && (b = in.read()) != -1; ) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    threads.shutdownNow();
  }
}
