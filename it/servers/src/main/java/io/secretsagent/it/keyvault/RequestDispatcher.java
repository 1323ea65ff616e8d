package io.secretsagent.it.keyvault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one {@link HttpHandler} of a listener: reads the request, picks the endpoint by path, applies
 * any {@link FaultPlan} fault, calls the endpoint's handler, writes the {@link Reply} and logs the
 * outcome.
 */
final class RequestDispatcher implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
  private static final Duration HANG_LIMIT = Duration.ofMinutes(10);

  private final Function<String, Endpoint> classifier;
  private final Map<Endpoint, Function<Request, Reply>> handlers;
  private final FaultPlan faults;
  private final RequestLog log;
  private final Clock clock;

  RequestDispatcher(
      Function<String, Endpoint> classifier,
      Map<Endpoint, Function<Request, Reply>> handlers,
      FaultPlan faults,
      RequestLog log,
      Clock clock) {
    this.classifier = classifier;
    this.handlers = Map.copyOf(handlers);
    this.faults = faults;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Request request = Request.read(exchange);
      Endpoint endpoint = classifier.apply(request.path());
      Optional<Fault> fault =
          endpoint == Endpoint.ADMIN
              ? Optional.empty()
              : faults.select(endpoint, request.method(), request.path());
      if (fault.isEmpty() && endpoint != Endpoint.ADMIN) {
        fault =
            faults.selectForClient(
                endpoint, request.method(), request.path(), request.header("Authorization"));
      }
      Reply reply = null;
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.HEADERS_THEN_STALL) {
        record(endpoint, request, 200);
        exchange.sendResponseHeaders(200, 1000);
        exchange.getResponseBody().write("{\"value\":\"".getBytes(StandardCharsets.US_ASCII));
        exchange.getResponseBody().flush();
        faults.hang(HANG_LIMIT);
        exchange.close();
        return;
      }
      if (fault.isPresent()) {
        reply = applyFault(fault.get(), endpoint);
        if (fault.get().kind() == Fault.Kind.DROP) {
          record(endpoint, request, RequestLog.DROPPED);
          exchange.close(); // no response headers were sent: the JDK server closes the connection
          return;
        }
      }
      if (reply == null) {
        reply = route(endpoint, request);
      }
      record(
          endpoint,
          request,
          reply.status()); // before writing: a client that has the answer sees the entry
      reply.send(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Request failed: " + exchange.getRequestURI(), e);
      exchange.close();
    }
  }

  private Reply applyFault(Fault fault, Endpoint endpoint) throws InterruptedException {
    switch (fault.kind()) {
      case DELAY:
        Thread.sleep(fault.delay().toMillis());
        return null;
      case HANG:
        faults.hang(HANG_LIMIT);
        return null;
      case DROP:
        return null;
      default:
        return faultReply(fault, endpoint);
    }
  }

  private static Reply faultReply(Fault fault, Endpoint endpoint) {
    Reply reply =
        fault.status() == 429
            ? Reply.error(
                429,
                "Throttled",
                "Request was not processed because too many requests were"
                    + " received. Reason: injected by the test server's fault plan",
                null)
            : Reply.error(
                fault.status(),
                fault.status() == 503 ? "ServiceUnavailable" : "InjectedFault",
                "Fault injected by the test server's fault plan on the " + endpoint + " endpoint",
                null);
    Duration retryAfter = fault.retryAfter();
    if (retryAfter != null) {
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      reply = reply.withHeader("Retry-After", Long.toString(seconds));
      if (retryAfter.toMillis() % 1000 != 0) {
        reply = reply.withHeader("retry-after-ms", Long.toString(retryAfter.toMillis()));
      }
    }
    return reply;
  }

  private Reply route(Endpoint endpoint, Request request) {
    Function<Request, Reply> handler = handlers.get(endpoint);
    if (handler == null) {
      return Reply.error(404, "NotFound", "Nothing is served at " + request.path(), null);
    }
    try {
      return handler.apply(request);
    } catch (IllegalArgumentException e) {
      return Reply.error(400, "BadParameter", e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Handler failed for " + request.method() + " " + request.path(), e);
      return Reply.error(500, "InternalServerError", "The test server failed: " + e, null);
    }
  }

  private void record(Endpoint endpoint, Request request, int status) {
    log.add(
        new RequestLog.Entry(clock.instant(), endpoint, request.method(), request.path(), status));
  }
}
