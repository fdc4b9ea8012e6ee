package io.tiercache.proxy;

import io.tiercache.policy.ByteRanges;
import io.tiercache.policy.ByteRanges.Span;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The framing of a 206 (RFC 9110 §15.3.7): one part with {@code Content-Range}, or several as
 * {@code multipart/byteranges} (§14.6), each part headed by its own Content-Type and Content-Range.
 * The bytes of each part come from a {@link Source}, which may be a stored body, a body being
 * fetched, or the slices of a large object; parts are written one after another, each when the one
 * before has been handed to the connection.
 */
final class PartialContent {

    static final CharSequence CONTENT_RANGE = HttpHeaders.createOptimized("Content-Range");
    static final CharSequence ACCEPT_RANGES = HttpHeaders.createOptimized("Accept-Ranges");

    /** Writes the bytes of one span to the response; completes once they are handed to it and more may follow. */
    @FunctionalInterface
    interface Source {
        Future<Void> write(Span span, HttpServerResponse out);
    }

    private final List<Span> spans;
    private final long completeLength;
    private final List<Buffer> partHeads;
    private final Buffer closing;
    private final String multipartType;

    /**
     * @param contentType the representation's Content-Type, repeated in each part of a multipart body; may be null
     */
    PartialContent(ByteRanges.Parts parts, long completeLength, String contentType) {
        this.spans = parts.spans();
        this.completeLength = completeLength;
        if (parts.single()) {
            this.partHeads = List.of();
            this.closing = null;
            this.multipartType = null;
            return;
        }
        String boundary = "tiercache-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.multipartType = "multipart/byteranges; boundary=" + boundary;
        this.partHeads = new ArrayList<>(spans.size());
        for (Span span : spans) {
            partHeads.add(Buffer.buffer("\r\n--" + boundary + "\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Range: " + contentRange(span) + "\r\n\r\n", StandardCharsets.ISO_8859_1.name()));
        }
        this.closing = Buffer.buffer("\r\n--" + boundary + "--\r\n");
    }

    /** 206 and the fields that frame the parts; the caller wrote the representation's own fields before. */
    void head(HttpServerResponse out) {
        out.setStatusCode(206);
        MultiMap headers = out.headers();
        if (multipartType == null) {
            headers.set(CONTENT_RANGE, contentRange(spans.get(0)));
        } else {
            headers.set(HttpHeaders.CONTENT_TYPE, multipartType);
        }
        headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(contentLength()));
    }

    long contentLength() {
        long length = 0;
        for (int i = 0; i < spans.size(); i++) {
            length += spans.get(i).length() + (partHeads.isEmpty() ? 0 : partHeads.get(i).length());
        }
        return closing == null ? length : length + closing.length();
    }

    /** The first byte the parts need. */
    long firstByte() {
        return spans.get(0).first();
    }

    /**
     * Writes every part from {@code source} and ends the response. A source that fails leaves the
     * response to the caller (to cut, or to answer otherwise while nothing went out).
     */
    Future<Void> write(HttpServerResponse out, Source source) {
        Future<Void> written = Future.succeededFuture();
        for (int i = 0; i < spans.size(); i++) {
            Buffer partHead = partHeads.isEmpty() ? null : partHeads.get(i);
            Span span = spans.get(i);
            written = written.compose(ignored -> {
                if (partHead != null) {
                    out.write(partHead);
                }
                return source.write(span, out);
            });
        }
        return written.compose(ignored -> closing == null ? out.end() : out.end(closing));
    }

    private String contentRange(Span span) {
        return "bytes " + span.first() + "-" + span.last() + "/" + completeLength;
    }

    /** §15.5.17: the 416 framing, naming the complete length. */
    static String unsatisfiedRange(long completeLength) {
        return "bytes */" + completeLength;
    }
}
