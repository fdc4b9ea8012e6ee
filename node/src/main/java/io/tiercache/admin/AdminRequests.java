package io.tiercache.admin;

import io.tiercache.store.PurgeScope;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads admin API request bodies strictly: malformed JSON, unknown fields and wrong types are
 * rejected with a reason that names the field, before anything is purged.
 */
final class AdminRequests {

    /** Rejected input; the message is the short reason sent with the 400. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonObject body;

    private AdminRequests(JsonObject body) {
        this.body = body;
    }

    static AdminRequests parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("a JSON object body is required");
        }
        JsonObject body;
        try {
            Object decoded = io.vertx.core.json.Json.decodeValue(text);
            if (!(decoded instanceof JsonObject object)) {
                throw new Invalid("the body must be a JSON object");
            }
            body = object;
        } catch (DecodeException malformed) {
            throw new Invalid("malformed JSON: " + firstLine(malformed.getMessage()));
        }
        return new AdminRequests(body);
    }

    /** Rejects fields the endpoint does not know; {@code allowed} is listed in the message in its own order. */
    void requireOnly(List<String> allowed) {
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                throw new Invalid("unknown field '" + field + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    List<String> strings(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new Invalid("'" + field + "' must be an array of strings");
        }
        List<String> strings = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String text) || text.isBlank()) {
                throw new Invalid("'" + field + "' must contain non-empty strings");
            }
            strings.add(text.trim());
        }
        return strings;
    }

    /**
     * Paths (with optional query) that must start with "/", normalised as requests' paths are, so
     * that they name what requests stored.
     */
    List<String> paths(String field) {
        List<String> paths = new ArrayList<>();
        for (String path : strings(field)) {
            if (!path.startsWith("/")) {
                throw new Invalid("'" + field + "' entries must be paths starting with '/', got '" + path
                        + "' (use \"host\" to limit a purge to one host)");
            }
            try {
                paths.add(PurgeScope.normalisedPathQuery(path));
            } catch (IllegalArgumentException unservable) {
                throw new Invalid("'" + field + "' entry '" + path + "': " + unservable.getMessage());
            }
        }
        return paths;
    }

    boolean flag(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean bool)) {
            throw new Invalid("'" + field + "' must be true or false");
        }
        return bool;
    }

    String text(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Invalid("'" + field + "' must be a string");
        }
        return text;
    }

    /** Jackson's reason without its decoration: "Unexpected end-of-input: expected close marker for Array". */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String reason = message.replace("Failed to decode:", "").trim();
        for (String cut : new String[] {"\n", " (start marker", " at [Source"}) {
            int at = reason.indexOf(cut);
            if (at > 0) {
                reason = reason.substring(0, at);
            }
        }
        return reason.length() > 160 ? reason.substring(0, 160) : reason;
    }
}
