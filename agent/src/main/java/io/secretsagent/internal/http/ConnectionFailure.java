package io.secretsagent.internal.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Says, for messages, why a backend could not be reached: DNS, TLS, time-out or refusal. */
public final class ConnectionFailure {

  private ConnectionFailure() {}

  /**
   * The most telling cause in the chain: the JDK client wraps DNS failures in ConnectException.
   *
   * @param trustAdvice what to do about an untrusted certificate, e.g. "set
   *     javax.net.ssl.trustStore"
   */
  public static String why(Throwable e, String trustAdvice) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && chain.size() < 20; t = t.getCause()) {
      chain.add(t);
    }
    if (chain.stream()
        .anyMatch(
            t -> t instanceof UnknownHostException || t instanceof UnresolvedAddressException)) {
      return "its host name does not resolve (DNS)";
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        return "TLS failed ("
            + t.getClass().getSimpleName()
            + "); for a private CA, "
            + trustAdvice;
      }
    }
    if (chain.stream()
        .anyMatch(t -> t instanceof HttpTimeoutException || t instanceof TimeoutException)) {
      return "it did not answer in time";
    }
    if (chain.stream().anyMatch(t -> t instanceof ConnectException)) {
      return "the connection was refused";
    }
    return chain.stream()
        .filter(t -> t instanceof IOException)
        .findFirst()
        .map(t -> "the connection failed (" + t.getClass().getSimpleName() + ")")
        .orElse("it could not be reached");
  }
}
