package io.secretsagent.internal.http;

import io.secretsagent.internal.runtime.Log;
import io.secretsagent.spi.ConfigException;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The proxy of the agent's HTTPS requests to a vault (Key Vault, HashiCorp Vault), from the JVM's
 * {@code https.proxyHost}, {@code https.proxyPort} and {@code http.nonProxyHosts} when set, else
 * from the environment's {@code HTTPS_PROXY} and {@code NO_PROXY} (either case), as curl and
 * Kubernetes use them. The Azure SDK alone reads the environment only with {@code
 * java.net.useSystemProxies=true}. Plain HTTP requests, which go only to managed-identity endpoints
 * on the host or pod, are never proxied. Credentials in {@code HTTPS_PROXY} answer the proxy's
 * challenge and are never shown.
 */
public final class HttpsProxy extends ProxySelector {

  /** The JDK's own exemptions when {@code http.nonProxyHosts} is not set. */
  private static final String JDK_NON_PROXY_HOSTS = "localhost|127.*|[::1]|0.0.0.0|[::0]";

  private final Proxy proxy;
  private final List<String> bypass;
  private final String user;
  private final char[] password;
  private final String source;

  private HttpsProxy(
      InetSocketAddress address, List<String> bypass, String userInfo, String source) {
    this.proxy = new Proxy(Proxy.Type.HTTP, address);
    this.bypass = bypass;
    this.source = source;
    int colon = userInfo == null ? -1 : userInfo.indexOf(':');
    this.user =
        userInfo == null ? null : decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    this.password = colon < 0 ? new char[0] : decode(userInfo.substring(colon + 1)).toCharArray();
  }

  /**
   * @param properties the JVM's system properties
   * @param environment the process environment
   * @return null when no proxy is configured
   * @throws IllegalArgumentException naming the setting when it is not a proxy address
   */
  static HttpsProxy configured(
      UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String host = properties.apply("https.proxyHost");
    if (host != null && !host.isBlank()) {
      String port = properties.apply("https.proxyPort");
      String nonProxyHosts = properties.apply("http.nonProxyHosts");
      try {
        return new HttpsProxy(
            InetSocketAddress.createUnresolved(
                host.trim(), port == null ? 443 : Integer.parseInt(port.trim())),
            List.of((nonProxyHosts == null ? JDK_NON_PROXY_HOSTS : nonProxyHosts).split("\\|")),
            null,
            "https.proxyHost");
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "https.proxyPort is '" + port + "', which is not a port number");
      }
    }
    String url = either(environment, "HTTPS_PROXY");
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url.contains("://") ? url.trim() : "http://" + url.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null) {
      throw new IllegalArgumentException("HTTPS_PROXY is not a proxy URL; write http://host:port");
    }
    String noProxy = either(environment, "NO_PROXY");
    return new HttpsProxy(
        InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()),
        noProxy == null ? List.of() : List.of(noProxy.split(",")),
        uri.getRawUserInfo(),
        "HTTPS_PROXY");
  }

  /**
   * @return the proxy this JVM's settings and environment name, or null for direct connections
   * @throws ConfigException naming the setting when it is not a proxy address
   */
  public static HttpsProxy fromProcess() throws ConfigException {
    try {
      return configured(System::getProperty, System::getenv);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Routes {@code client}'s HTTPS requests through this proxy, answering its challenge if
   * credentials were given.
   */
  public void applyTo(HttpClient.Builder client, String what) {
    client.proxy(this);
    if (user != null) {
      client.authenticator(authenticator());
    }
    Log.debug(what + " requests go through the proxy " + this);
  }

  private static String either(UnaryOperator<String> environment, String name) {
    String value = environment.apply(name);
    value =
        value == null || value.isBlank() ? environment.apply(name.toLowerCase(Locale.ROOT)) : value;
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost();
    boolean direct = !"https".equalsIgnoreCase(uri.getScheme()) || host == null || bypasses(host);
    return List.of(direct ? Proxy.NO_PROXY : proxy);
  }

  /**
   * {@code NO_PROXY} entries match the host or its subdomains; {@code http.nonProxyHosts} ones may
   * start or end with {@code *}.
   */
  boolean bypasses(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    for (String raw : bypass) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")
          || entry.equals(name)
          || entry.startsWith("*") && name.endsWith(entry.substring(1))
          || entry.endsWith("*") && name.startsWith(entry.substring(0, entry.length() - 1))
          || name.endsWith(entry.startsWith(".") ? entry : "." + entry)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {
    // the request fails and the agent reports it, naming the proxy settings
  }

  /**
   * @return answers the proxy's challenge with the credentials of {@code HTTPS_PROXY}; null without
   *     any
   */
  Authenticator authenticator() {
    if (user == null) {
      return null;
    }
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY
            ? new PasswordAuthentication(user, password.clone())
            : null;
      }
    };
  }

  /**
   * @return the proxy's address and the setting it came from; never credentials
   */
  @Override
  public String toString() {
    InetSocketAddress address = (InetSocketAddress) proxy.address();
    return address.getHostString() + ":" + address.getPort() + " (" + source + ")";
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }
}
