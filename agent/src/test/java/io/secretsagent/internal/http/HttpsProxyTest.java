package io.secretsagent.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpsProxyTest {

  private static HttpsProxy proxy(Map<String, String> properties, Map<String, String> environment) {
    return HttpsProxy.configured(properties::get, environment::get);
  }

  private static boolean proxied(HttpsProxy proxy, String url) {
    return proxy.select(URI.create(url)).get(0) != Proxy.NO_PROXY;
  }

  @Test
  void nothingConfiguredMeansDirect() {
    assertNull(proxy(Map.of(), Map.of()));
    assertNull(proxy(Map.of(), Map.of("HTTPS_PROXY", " ")));
  }

  @Test
  void httpsProxyAndNoProxyFromTheEnvironmentInEitherCase() {
    HttpsProxy proxy =
        proxy(
            Map.of(),
            Map.of(
                "https_proxy",
                "http://egress:3128",
                "NO_PROXY",
                "internal.example, .corp.net,10.1.2.3"));
    assertEquals("egress:3128 (HTTPS_PROXY)", proxy.toString());
    assertTrue(proxied(proxy, "https://my-vault.vault.azure.net"));
    assertFalse(proxied(proxy, "https://internal.example/"), "exact name");
    assertFalse(proxied(proxy, "https://vault.internal.example/"), "subdomain");
    assertFalse(proxied(proxy, "https://kv.corp.net/"), "leading dot");
    assertTrue(proxied(proxy, "https://notinternal.example/"), "a suffix is not a subdomain");
    assertFalse(proxied(proxy, "https://10.1.2.3:8443/"));
    assertFalse(
        proxied(proxy, "http://169.254.169.254/metadata/identity/oauth2/token"),
        "plain HTTP goes direct");
  }

  @Test
  void theJvmsPropertiesWinAndKeepTheJdkDefaultExemptions() {
    HttpsProxy proxy =
        proxy(
            Map.of("https.proxyHost", "jvm-proxy", "https.proxyPort", "8080"),
            Map.of("HTTPS_PROXY", "http://env:1"));
    assertEquals("jvm-proxy:8080 (https.proxyHost)", proxy.toString());
    assertFalse(proxied(proxy, "https://localhost:8443/"));
    assertFalse(proxied(proxy, "https://127.0.0.1:8443/"));
    assertTrue(proxied(proxy, "https://my-vault.vault.azure.net"));
    HttpsProxy wildcard =
        proxy(
            Map.of("https.proxyHost", "p", "http.nonProxyHosts", "*.vault.azure.net|internal*"),
            Map.of());
    assertFalse(proxied(wildcard, "https://my-vault.vault.azure.net"));
    assertFalse(proxied(wildcard, "https://internal-kv/"));
    assertTrue(
        proxied(wildcard, "https://localhost/"),
        "a nonProxyHosts of its own replaces the JDK's default");
  }

  @Test
  void credentialsAnswerTheProxyAndAreNeverShown() {
    HttpsProxy proxy =
        proxy(Map.of(), Map.of("HTTPS_PROXY", "http://svc%40corp:s3cr%3At@egress:3128"));
    java.net.PasswordAuthentication answer =
        proxy
            .authenticator()
            .requestPasswordAuthenticationInstance(
                "egress",
                null,
                3128,
                "http",
                "proxy",
                "basic",
                null,
                java.net.Authenticator.RequestorType.PROXY);
    assertNotNull(answer);
    assertEquals("svc@corp", answer.getUserName());
    assertEquals("s3cr:t", new String(answer.getPassword()));
    assertNull(
        proxy
            .authenticator()
            .requestPasswordAuthenticationInstance(
                "vault",
                null,
                443,
                "https",
                "server",
                "basic",
                null,
                java.net.Authenticator.RequestorType.SERVER),
        "only the proxy gets them");
    assertFalse(proxy.toString().contains("s3cr"), proxy.toString());
    assertNull(proxy(Map.of(), Map.of("HTTPS_PROXY", "egress:3128")).authenticator());
  }

  @Test
  void malformedSettingsNameTheSettingNotItsValue() {
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () -> proxy(Map.of(), Map.of("HTTPS_PROXY", "http://user:pw@[bad")));
    assertEquals("HTTPS_PROXY is not a proxy URL; write http://host:port", url.getMessage());
    IllegalArgumentException port =
        assertThrows(
            IllegalArgumentException.class,
            () -> proxy(Map.of("https.proxyHost", "p", "https.proxyPort", "http"), Map.of()));
    assertTrue(port.getMessage().startsWith("https.proxyPort is 'http'"), port.getMessage());
  }
}
