package io.tiercache.testing;

import io.tiercache.policy.HttpDate;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object served the way a file server or object store serves it: one byte range per request
 * (206 with Content-Range, 416 past the end), a strong ETag, If-Match (412 once the object changed)
 * and If-None-Match. Its body and tag can be changed between requests, to stand for a file replaced
 * at the origin. Install it with {@link TestOrigin#handle}.
 */
public final class RangedObject implements Handler<HttpServerRequest> {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final String cacheControl;
    private final Clock clock;
    private final Map<String, AtomicInteger> rangesAsked = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile byte[] body;
    private volatile String etag;
    private volatile boolean rangesSupported = true;

    /** @param clock the time its Date fields tell (the test origin's) */
    public RangedObject(byte[] body, String etag, String cacheControl, Clock clock) {
        this.clock = clock;
        this.body = body;
        this.etag = etag;
        this.cacheControl = cacheControl;
    }

    /** Replaces the object at the origin. */
    public void change(byte[] newBody, String newEtag) {
        this.body = newBody;
        this.etag = newEtag;
    }

    /** Answers every request with the whole object, as an origin without range support does. */
    public RangedObject ignoringRanges() {
        this.rangesSupported = false;
        return this;
    }

    /** How often each Range value was asked (requests without Range count under "none"). */
    public Map<String, AtomicInteger> rangesAsked() {
        return rangesAsked;
    }

    /** Every Range value asked, in order ("none" for a request without one). */
    public List<String> asked() {
        return asked;
    }

    @Override
    public void handle(HttpServerRequest request) {
        byte[] bytes = body;
        String tag = etag;
        String range = request.getHeader("Range");
        String key = range == null ? "none" : range;
        rangesAsked.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
        asked.add(key);
        HttpServerResponse response = request.response()
                .putHeader("ETag", tag)
                .putHeader("Cache-Control", cacheControl)
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Surrogate-Key", "ranged-object")
                .putHeader("Date", HttpDate.format(clock.millis() / 1000));
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null && !ifMatch.equals(tag)) {
            response.setStatusCode(412).end();
            return;
        }
        if (tag.equals(request.getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
            return;
        }
        Matcher matcher = range == null || !rangesSupported ? null : RANGE.matcher(range);
        if (matcher == null || !matcher.matches()) {
            end(request, response.putHeader("Accept-Ranges", rangesSupported ? "bytes" : "none"), bytes);
            return;
        }
        long first;
        long last;
        if (matcher.group(1).isEmpty()) {
            first = Math.max(0, bytes.length - Long.parseLong(matcher.group(2)));
            last = bytes.length - 1;
        } else {
            first = Long.parseLong(matcher.group(1));
            last = matcher.group(2).isEmpty() ? bytes.length - 1 : Math.min(bytes.length - 1, Long.parseLong(matcher.group(2)));
        }
        if (first >= bytes.length) {
            response.setStatusCode(416).putHeader("Content-Range", "bytes */" + bytes.length).end();
            return;
        }
        response.setStatusCode(206).putHeader("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length);
        end(request, response, Arrays.copyOfRange(bytes, (int) first, (int) last + 1));
    }

    private static void end(HttpServerRequest request, HttpServerResponse response, byte[] bytes) {
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(bytes.length)).end();
        } else {
            response.end(Buffer.buffer(bytes));
        }
    }
}
