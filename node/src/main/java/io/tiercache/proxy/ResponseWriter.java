package io.tiercache.proxy;

import io.tiercache.policy.ConditionalRequest;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderList;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** Writes responses to the client: from the cache, for the origin's response, or made up for an error. */
final class ResponseWriter {

    static final CharSequence X_CACHE_STATUS = HttpHeaders.createOptimized("X-Cache-Status");
    static final CharSequence CACHE_STATUS = HttpHeaders.createOptimized("Cache-Status");
    static final CharSequence AGE = HttpHeaders.createOptimized("Age");
    /** X-Cache-Status values, by {@link CacheOutcome} ordinal. */
    private static final CharSequence[] OUTCOMES = Arrays.stream(CacheOutcome.values())
            .map(outcome -> HttpHeaders.createOptimized(outcome.name())).toArray(CharSequence[]::new);
    static final CharSequence VIA = HttpHeaders.createOptimized("Via");
    static final CharSequence VIA_VALUE = HttpHeaders.createOptimized("1.1 " + CacheStatus.CACHE_NAME);

    /** RFC 9110 §15.4.5: what a 304 carries of the full response. */
    private static final Set<String> NOT_MODIFIED_FIELDS =
            Set.of("cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified");

    private ResponseWriter() {
    }

    /** Serves a stored response: 304 when the client's conditional matches, headers only for HEAD. */
    static void deliver(HttpServerRequest request, VertxHeaders requestHeaders, PreparedResponse prepared,
                        CacheStatus status, long now) {
        CachedResponse response = prepared.response();
        HttpServerResponse out = request.response();
        boolean notModified = ConditionalRequest.isConditional(requestHeaders)
                && ConditionalRequest.notModified(requestHeaders, response.status(), response.headers());
        out.setStatusCode(notModified ? 304 : response.status());
        MultiMap headers = out.headers();
        storedHeaders(headers, prepared, notModified, status, now);
        if (notModified) {
            out.end();
            return;
        }
        headers.set(HttpHeaders.CONTENT_LENGTH, prepared.contentLength());
        if (request.method() == HttpMethod.HEAD) {
            out.end();
        } else {
            out.end(prepared.body());
        }
    }

    /** The fields of a full response that its 304 carries (RFC 9110 §15.4.5). */
    static HeaderList notModifiedFields(HeaderList fields) {
        HeaderList.Builder kept = HeaderList.builder();
        for (int i = 0; i < fields.size(); i++) {
            if (NOT_MODIFIED_FIELDS.contains(fields.name(i).toLowerCase(Locale.ROOT))) {
                kept.add(fields.name(i), fields.value(i));
            }
        }
        return kept.build();
    }

    /** The stored header lines (only those a 304 carries when {@code notModified}), Age, and the cache's own fields. */
    static void storedHeaders(MultiMap headers, PreparedResponse prepared, boolean notModified, CacheStatus status,
                              long now) {
        CachedResponse response = prepared.response();
        HeaderList stored = response.headers();
        for (int i = 0; i < stored.size(); i++) {
            if (!notModified || NOT_MODIFIED_FIELDS.contains(stored.name(i).toLowerCase(Locale.ROOT))) {
                headers.add(prepared.headerName(i), prepared.headerValue(i));
            }
        }
        headers.set(AGE, prepared.ageValue(CurrentAge.headerSeconds(response.ageMillis(now))));
        markStatus(headers, status);
    }

    /**
     * Sends this response's Cache-Status without its detail ({@code cache.status-detail: minimal}),
     * whichever step writes it; the access log keeps the detail.
     */
    static void hideStatusDetail(HttpServerResponse out) {
        out.headersEndHandler(ignored -> {
            String rendered = out.headers().get(CACHE_STATUS);
            if (rendered != null) {
                String minimal = CacheStatus.withoutDetail(rendered);
                if (minimal.length() != rendered.length()) {
                    out.headers().set(CACHE_STATUS, minimal);
                }
            }
        });
    }

    static void markStatus(MultiMap headers, CacheStatus status) {
        headers.set(X_CACHE_STATUS, OUTCOMES[status.outcome().ordinal()]);
        headers.add(CACHE_STATUS, status.headerField());
        headers.add(VIA, VIA_VALUE);
    }

    /** A short plain-text response made by the cache itself (bad input, origin failure). */
    static Future<Void> synthetic(HttpServerResponse out, int statusCode, String reason, CacheStatus status) {
        return synthetic(out, statusCode, reason, status, false);
    }

    /** @param closing whether the connection closes after this response (the request could not be framed) */
    static Future<Void> synthetic(HttpServerResponse out, int statusCode, String reason, CacheStatus status,
                                  boolean closing) {
        if (out.headWritten() || out.ended()) {
            return out.reset();
        }
        out.setStatusCode(statusCode);
        MultiMap headers = out.headers();
        headers.clear();
        headers.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        if (closing) {
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        markStatus(headers, status);
        return out.end(statusCode + " " + reason + "\n");
    }
}
