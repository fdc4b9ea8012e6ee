package io.tiercache.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tiercache.policy.ByteRanges;
import io.tiercache.policy.ConditionalRequest;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one place a response to a client is written, whatever its source: a stored response (fresh,
 * stale or revalidated), a response a fill is fetching, a passed-through one, or one the cache makes
 * up. Status, fields, Age, Cache-Status, X-Cache-Status, Via, the client's preconditions (304, 412)
 * and framing (HEAD, 204, 304, Content-Length or chunked) are decided here and nowhere else.
 */
final class Transmit {

    static final CharSequence X_CACHE_STATUS = HttpHeaders.createOptimized("X-Cache-Status");
    static final CharSequence CACHE_STATUS = HttpHeaders.createOptimized("Cache-Status");
    static final CharSequence AGE = HttpHeaders.createOptimized("Age");
    static final CharSequence VIA = HttpHeaders.createOptimized("Via");
    static final CharSequence VIA_VALUE = HttpHeaders.createOptimized("1.1 " + CacheStatus.CACHE_NAME);
    /** X-Cache-Status values, by {@link CacheOutcome} ordinal. */
    private static final CharSequence[] OUTCOMES = Arrays.stream(CacheOutcome.values())
            .map(outcome -> HttpHeaders.createOptimized(outcome.name())).toArray(CharSequence[]::new);
    private static final CharSequence ZERO = HttpHeaders.createOptimized("0");

    /** RFC 9110 §15.4.5: what a 304 carries of the full response. */
    private static final Set<String> NOT_MODIFIED_FIELDS =
            Set.of("cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified");

    private Transmit() {
    }

    /** Sends a stored response: the hit path. */
    static void stored(HttpServerRequest request, HeaderFields requestHeaders, PreparedResponse prepared,
                       CacheStatus status, long now) {
        Body body = storedHead(request, requestHeaders, prepared, status, now);
        if (!body.follows()) {
            return;
        }
        Buffer bytes = prepared.body();
        if (body.gunzip()) {
            // Checked when stored: it decodes to exactly the Content-Length sent.
            HttpServerResponse out = request.response();
            new GunzipStream(out, ContentCoding.decodedLength(prepared), out::reset).end(bytes);
        } else if (body.parts() == null) {
            request.response().end(bytes);
        } else {
            body.parts().write(request.response(),
                    (span, out) -> out.write(bytes.slice((int) span.first(), (int) span.last() + 1)));
        }
    }

    /**
     * Sends the head of a stored response, whose body is in the entry or, for a sliced object, in its
     * slices: preconditions (304, 412), ranges (206, 416), the stored fields, framing. A gzip body
     * the client does not take is decoded ({@link ContentCoding}); a Range is then ignored (RFC 9110
     * §14.2 allows it) and the whole decoded body sent.
     *
     * @return what follows the head: for a sliced object, the caller assembles it
     */
    static Body storedHead(HttpServerRequest request, HeaderFields requestHeaders, PreparedResponse prepared,
                           CacheStatus status, long now) {
        CachedResponse response = prepared.response();
        HttpServerResponse out = request.response();
        boolean decoding = response.slices() == null && ContentCoding.decodes(requestHeaders, prepared);
        HeaderFields fields = decoding ? ContentCoding.decodedFields(response.headers()) : response.headers();
        ConditionalRequest.Outcome precondition = preconditions(requestHeaders, response.status(), fields);
        if (precondition == ConditionalRequest.Outcome.PRECONDITION_FAILED) {
            synthetic(out, 412, "Precondition Failed", status);
            return Body.NONE;
        }
        boolean notModified = precondition == ConditionalRequest.Outcome.NOT_MODIFIED;
        int code = notModified ? 304 : response.status();
        long length = decoding ? ContentCoding.decodedLength(prepared)
                : response.slices() == null ? prepared.body().length() : response.slices().length();
        ByteRanges.Plan plan = notModified || decoding ? ByteRanges.WHOLE
                : ranges(request, requestHeaders, code, response.headers(), length);
        if (plan == ByteRanges.UNSATISFIABLE) {
            unsatisfiable(out, length, status);
            return Body.NONE;
        }
        out.setStatusCode(code);
        MultiMap headers = out.headers();
        storedHeaders(headers, prepared, notModified, status, now);
        if (decoding) {
            ContentCoding.decodedHead(headers);
        }
        if (hasNoContent(code)) {
            out.end();
            return Body.NONE;
        }
        if (plan instanceof ByteRanges.Parts parts) {
            PartialContent partial = new PartialContent(parts, length, response.headers().first("Content-Type"));
            partial.head(out);
            return new Body(true, partial, false);
        }
        headers.set(HttpHeaders.CONTENT_LENGTH, response.slices() == null && !decoding ? prepared.contentLength()
                : Long.toString(length));
        if (request.method() == HttpMethod.HEAD) {
            out.end();
            return Body.NONE;
        }
        return decoding ? Body.GUNZIP : Body.WHOLE;
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
     * Sends the head of a response a fill is fetching. The fill dropped the client's preconditions to
     * get a full copy; they are evaluated here, so the client may still get its 304 or 412.
     *
     * A client's Range is answered from the body as it arrives when its length is known; several
     * parts only from a body that is kept whole (a relayed body lets go of what its reader passed).
     * A gzip body the client does not take is decoded as it arrives, whole, chunked.
     *
     * @param headOnly prepare the head alone with Content-Length 0 and leave the response open: a
     *                 warm-up, which the caller ends once the response is stored
     * @return what follows the head
     */
    static Body fetched(HttpServerRequest request, HeaderFields requestHeaders, FillResponse response,
                        CacheStatus status, long now, boolean headOnly) {
        HttpServerResponse out = request.response();
        boolean decoding = ContentCoding.decodes(requestHeaders, response.fields());
        ConditionalRequest.Outcome precondition = preconditions(requestHeaders, response.status(),
                decoding ? ContentCoding.decodedFields(response.fields()) : response.fields());
        if (precondition == ConditionalRequest.Outcome.PRECONDITION_FAILED) {
            synthetic(out, 412, "Precondition Failed", status);
            return Body.NONE;
        }
        boolean notModified = precondition == ConditionalRequest.Outcome.NOT_MODIFIED;
        int code = notModified ? 304 : response.status();
        ByteRanges.Plan plan = notModified || headOnly || decoding ? ByteRanges.WHOLE
                : ranges(request, requestHeaders, code, response.fields(), response.declaredLength());
        if (plan == ByteRanges.UNSATISFIABLE) {
            unsatisfiable(out, response.declaredLength(), status);
            return Body.NONE;
        }
        if (plan instanceof ByteRanges.Parts parts && !parts.single() && !response.kept()) {
            plan = ByteRanges.WHOLE;
        }
        out.setStatusCode(code);
        MultiMap headers = out.headers();
        HeaderList fields = response.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (!notModified || NOT_MODIFIED_FIELDS.contains(fields.name(i).toLowerCase(Locale.ROOT))) {
                headers.add(fields.name(i), fields.value(i));
            }
        }
        if (response.upstreamAged()) {
            // RFC 9111 §5.1: an upstream cache aged it; without Age a downstream cache would take it as new.
            headers.set(AGE, Long.toString(response.ageSeconds(now)));
        }
        markStatus(headers, status);
        if (decoding) {
            ContentCoding.decodedHead(headers);
        }
        if (notModified || hasNoContent(code)) {
            out.end();
            return Body.NONE;
        }
        if (headOnly) {
            headers.set(HttpHeaders.CONTENT_LENGTH, ZERO);
            return Body.NONE;
        }
        if (response.body() == null) {
            headers.set(HttpHeaders.CONTENT_LENGTH, response.declaredLength() < 0 ? ZERO
                    : Long.toString(response.declaredLength()));
            out.end();
            return Body.NONE;
        }
        if (plan instanceof ByteRanges.Parts parts) {
            PartialContent partial = new PartialContent(parts, response.declaredLength(), response.fields().first("Content-Type"));
            partial.head(out);
            return new Body(true, partial, false);
        }
        boolean head = request.method() == HttpMethod.HEAD;
        if (response.declaredLength() >= 0 && !decoding) {
            headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(response.declaredLength()));
        } else if (!head) {
            out.setChunked(true);
        }
        if (head) {
            out.end();
            return Body.NONE;
        }
        return decoding ? Body.GUNZIP : Body.WHOLE;
    }

    /**
     * What follows a head Transmit wrote: nothing, the whole body, the whole body decoded, or the
     * parts a Range asked for.
     *
     * @param parts  the framing of the parts, or null for the whole body
     * @param gunzip whether the body goes out decoded ({@link GunzipStream})
     */
    record Body(boolean follows, PartialContent parts, boolean gunzip) {
        static final Body NONE = new Body(false, null, false);
        static final Body WHOLE = new Body(true, null, false);
        static final Body GUNZIP = new Body(true, null, true);
    }

    /**
     * Sends the head of a passed-through response: the origin's status and end-to-end fields, its
     * Age as it came, and its framing.
     *
     * @return whether the body should follow
     */
    static boolean passed(HttpServerRequest request, HttpClientResponse origin, HeaderList fields, CacheStatus status) {
        HttpServerResponse out = request.response();
        int code = origin.statusCode();
        out.setStatusCode(code);
        MultiMap headers = out.headers();
        for (int i = 0; i < fields.size(); i++) {
            headers.add(fields.name(i), fields.value(i));
        }
        String age = origin.getHeader(AGE);
        if (age != null) {
            headers.set(AGE, age);
        }
        markStatus(headers, status);
        boolean head = request.method() == HttpMethod.HEAD;
        if (code == 304 || hasNoContent(code)) {
            out.end();
            return false;
        }
        String length = origin.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            headers.set(HttpHeaders.CONTENT_LENGTH, length);
        } else if (!head) {
            out.setChunked(true);
        }
        if (head) {
            out.end();
            return false;
        }
        return true;
    }

    /**
     * What a Range asks of a response about to be sent (RFC 9110 §14.2: for GET only). A request
     * without Range pays one header lookup.
     */
    static ByteRanges.Plan ranges(HttpServerRequest request, HeaderFields requestHeaders, int status,
                                  HeaderFields response, long length) {
        if (request.method() != HttpMethod.GET || !request.headers().contains(HttpHeaderNames.RANGE)) {
            return ByteRanges.WHOLE;
        }
        return ByteRanges.requested(requestHeaders, status, response, length);
    }

    /** RFC 9110 §15.5.17: no requested range overlaps the representation. */
    static void unsatisfiable(HttpServerResponse out, long completeLength, CacheStatus status) {
        out.setStatusCode(416);
        MultiMap headers = out.headers();
        headers.set(PartialContent.CONTENT_RANGE, PartialContent.unsatisfiedRange(completeLength));
        headers.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        markStatus(headers, status);
        out.end("416 Range Not Satisfiable\n");
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

    /**
     * Sends this response's Cache-Status without its detail ({@code cache.status-detail: minimal}),
     * whichever step writes it; the access log keeps the detail.
     */
    static void hideStatusDetail(HttpServerResponse out) {
        out.headersEndHandler(ignored -> {
            List<String> entries = out.headers().getAll(CACHE_STATUS);
            if (entries.isEmpty()) {
                return;
            }
            // Upstream caches' entries come first and are left as they are; this cache's is the last.
            int last = entries.size() - 1;
            String minimal = CacheStatus.withoutDetail(entries.get(last));
            if (minimal.length() != entries.get(last).length()) {
                out.headers().remove(CACHE_STATUS);
                for (int i = 0; i < last; i++) {
                    out.headers().add(CACHE_STATUS, entries.get(i));
                }
                out.headers().add(CACHE_STATUS, minimal);
            }
        });
    }

    /** The cache's own fields: X-Cache-Status, its Cache-Status entry (after any upstream ones) and Via. */
    static void markStatus(MultiMap headers, CacheStatus status) {
        headers.set(X_CACHE_STATUS, OUTCOMES[status.outcome().ordinal()]);
        headers.add(CACHE_STATUS, status.headerField());
        headers.add(VIA, VIA_VALUE);
    }

    private static ConditionalRequest.Outcome preconditions(HeaderFields request, int status, HeaderFields response) {
        return ConditionalRequest.isConditional(request)
                ? ConditionalRequest.evaluate(request, status, response) : ConditionalRequest.Outcome.SEND;
    }

    /** RFC 9110 §6.4.1, §8.6: 1xx, 204 and 304 have no content and no Content-Length. */
    private static boolean hasNoContent(int status) {
        return status < 200 || status == 204 || status == 304;
    }
}
