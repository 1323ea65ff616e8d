package io.secretsagent.it.keyvault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The unauthenticated admin API under {@code /_admin} (on both listeners, loopback only), so that
 * shell scripts and other JVMs can steer the server without the SDK. Bodies are JSON; durations are
 * milliseconds.
 *
 * <ul>
 *   <li>{@code POST /_admin/faults} {@code
 *       {"endpoint":"VAULT","path":"regex","times":2,"kind":"status",
 *       "status":429,"retryAfterMillis":1000,"delayMillis":0}}; {@code kind} is {@code status},
 *       {@code delay}, {@code hang} or {@code drop}; {@code endpoint} defaults to {@code VAULT},
 *       {@code times} to 1 ({@code 0} means always). {@code DELETE /_admin/faults} clears every
 *       fault and the throttle; {@code POST /_admin/faults/release} releases hung requests.
 *   <li>{@code POST /_admin/throttle} {@code
 *       {"maxGets":10,"windowMillis":1000,"retryAfterMillis":1000}}.
 *   <li>{@code PUT /_admin/secrets/{name}} with a Key Vault set body creates a version (rotation);
 *       {@code PATCH /_admin/secrets/{name}} with an update body changes the latest version (e.g.
 *       {@code {"attributes":{"enabled":false}}}); {@code DELETE /_admin/secrets/{name}} deletes
 *       it.
 *   <li>{@code POST /_admin/access} {@code {"identity":"id","secrets":["a"]}} restricts an
 *       identity, {@code {"forbid":"name"}} forbids a secret to all; {@code DELETE /_admin/access}
 *       lifts both.
 *   <li>{@code POST /_admin/tokens} {@code {"identity":"id"}} issues a token; {@code DELETE
 *       /_admin/tokens} revokes every token.
 *   <li>{@code GET /_admin/requests} returns {@code {"counts":{...},"entries":[...]}}; {@code
 *       DELETE /_admin/requests} clears the log.
 * </ul>
 */
final class AdminApi {

  private final VaultContents store;
  private final FaultPlan faults;
  private final AccessPolicy access;
  private final TokenIssuer tokens;
  private final RequestLog log;
  private final String vaultUrl;

  AdminApi(
      VaultContents store,
      FaultPlan faults,
      AccessPolicy access,
      TokenIssuer tokens,
      RequestLog log,
      String vaultUrl) {
    this.store = store;
    this.faults = faults;
    this.access = access;
    this.tokens = tokens;
    this.log = log;
    this.vaultUrl = vaultUrl;
  }

  Reply handle(Request request) {
    String path = request.path().replaceAll("/+$", "");
    String route =
        request.method() + " " + (path.startsWith("/_admin/secrets/") ? "/_admin/secrets/*" : path);
    switch (route) {
      case "POST /_admin/faults":
        faults.inject(
            endpoint(request.json()),
            (String) request.json().get("path"),
            fault(request.json()),
            times(request.json()));
        return Reply.empty(204);
      case "DELETE /_admin/faults":
        faults.clear();
        return Reply.empty(204);
      case "POST /_admin/faults/release":
        faults.releaseHung();
        return Reply.empty(204);
      case "POST /_admin/throttle":
        Map<String, Object> t = request.json();
        faults.throttle(
            number(t, "maxGets", -1).intValue(),
            millis(t, "windowMillis", 1000),
            millis(t, "retryAfterMillis", 1000));
        return Reply.empty(204);
      case "PUT /_admin/secrets/*":
        return Reply.json(
            200,
            SecretJson.bundle(
                vaultUrl, store.set(secretName(path), SecretJson.change(request.json())), true));
      case "PATCH /_admin/secrets/*":
        return store
            .update(secretName(path), null, SecretJson.change(request.json()))
            .map(s -> Reply.json(200, SecretJson.bundle(vaultUrl, s, false)))
            .orElseGet(
                () -> Reply.error(404, "SecretNotFound", "No secret " + secretName(path), null));
      case "DELETE /_admin/secrets/*":
        return store.delete(secretName(path))
            ? Reply.empty(204)
            : Reply.error(404, "SecretNotFound", "No secret " + secretName(path), null);
      case "POST /_admin/access":
        return changeAccess(request.json());
      case "DELETE /_admin/access":
        access.allowAll();
        return Reply.empty(204);
      case "POST /_admin/tokens":
        TokenIssuer.Token token = tokens.issue(String.valueOf(request.json().get("identity")));
        return Reply.json(
            200,
            Map.of(
                "access_token",
                token.token(),
                "expires_on",
                Long.toString(token.expiresAt().getEpochSecond())));
      case "DELETE /_admin/tokens":
        tokens.revokeAll();
        return Reply.empty(204);
      case "GET /_admin/requests":
        return Reply.json(200, requestsJson());
      case "DELETE /_admin/requests":
        log.clear();
        return Reply.empty(204);
      default:
        return Reply.error(
            404, "NotFound", "No admin route " + route + "; see the AdminApi Javadoc", null);
    }
  }

  @SuppressWarnings("unchecked")
  private Reply changeAccess(Map<String, Object> body) {
    if (body.get("forbid") instanceof String secret) {
      access.forbid(secret);
    } else if (body.get("identity") instanceof String identity) {
      access.restrict(identity, Set.copyOf((List<String>) body.getOrDefault("secrets", List.of())));
    } else {
      throw new IllegalArgumentException(
          "Give {\"identity\":..,\"secrets\":[..]} or {\"forbid\":..}");
    }
    return Reply.empty(204);
  }

  private Map<String, Object> requestsJson() {
    List<Map<String, Object>> entries =
        log.entries().stream()
            .map(
                e -> {
                  Map<String, Object> json = new LinkedHashMap<>();
                  json.put("time", e.time().toString());
                  json.put("endpoint", e.endpoint().name());
                  json.put("method", e.method());
                  json.put("path", e.path());
                  json.put("status", e.status());
                  return json;
                })
            .toList();
    return Map.of("counts", log.counts(), "entries", entries);
  }

  private static Endpoint endpoint(Map<String, Object> body) {
    Object name = body.getOrDefault("endpoint", "VAULT");
    return Endpoint.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
  }

  private static Fault fault(Map<String, Object> body) {
    String kind = String.valueOf(body.getOrDefault("kind", "status")).toLowerCase(Locale.ROOT);
    switch (kind) {
      case "delay":
        return Fault.delay(millis(body, "delayMillis", 0));
      case "hang":
        return Fault.hang();
      case "drop":
        return Fault.drop();
      case "status":
        int status = number(body, "status", 503).intValue();
        return body.containsKey("retryAfterMillis")
            ? new Fault(
                Fault.Kind.STATUS, status, millis(body, "retryAfterMillis", 0), Duration.ZERO)
            : Fault.status(status);
      default:
        throw new IllegalArgumentException(
            "Unknown fault kind '" + kind + "'; use status, delay, hang or drop");
    }
  }

  private static int times(Map<String, Object> body) {
    int times = number(body, "times", 1).intValue();
    return times == 0 ? FaultPlan.ALWAYS : times;
  }

  private static Number number(Map<String, Object> body, String field, long fallback) {
    Object value = body.get(field);
    if (value == null && fallback < 0) {
      throw new IllegalArgumentException("Field '" + field + "' is required");
    }
    return value instanceof Number n ? n : fallback;
  }

  private static Duration millis(Map<String, Object> body, String field, long fallback) {
    return Duration.ofMillis(number(body, field, fallback).longValue());
  }

  private static String secretName(String path) {
    return path.substring("/_admin/secrets/".length());
  }
}
