package io.secretsagent.it.keyvault;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to write: status, headers and body. Immutable; {@link #withHeader} returns a copy.
 *
 * @param status  HTTP status
 * @param headers response headers (single-valued)
 * @param body    response body, possibly empty
 */
record Reply(int status, Map<String, String> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    /** @return a JSON reply with {@code value} as body */
    static Reply json(int status, Object value) {
        return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), JsonCodec.write(value));
    }

    /** @return a reply with no body */
    static Reply empty(int status) {
        return new Reply(status, Map.of(), EMPTY);
    }

    /** @return a plain-text reply */
    static Reply text(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An Azure-shaped error: {@code {"error":{"code":..,"message":..,"innererror":{"code":..}}}}.
     *
     * @param innerCode the inner error code, or {@code null} for none
     */
    static Reply error(int status, String code, String message, String innerCode) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (innerCode != null) {
            error.put("innererror", Map.of("code", innerCode));
        }
        return json(status, Map.of("error", error));
    }

    /** @return a copy with the header added */
    Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body);
    }
}
