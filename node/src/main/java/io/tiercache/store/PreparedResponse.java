package io.tiercache.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tiercache.policy.HeaderList;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;

/**
 * A stored response made ready to write: the body wrapped once as a Vert.x buffer (each write
 * takes its own slice, so one buffer serves every hit without copying), and the header lines
 * rendered once as Vert.x-optimised char sequences, which the response header map neither hashes
 * nor encodes character by character again. This is what the hot tier holds, so a hit touches
 * neither Hazelcast nor the serializer.
 */
public final class PreparedResponse {

    private final CachedResponse response;
    private final Buffer body;
    private final long offHeapBytes;
    private final CharSequence[] headerNames;
    private final CharSequence[] headerValues;
    private final CharSequence contentLength;
    private final long renderedBytes;
    private volatile RenderedAge age = new RenderedAge(-1, "");
    private volatile byte[] encodedHead;
    private volatile long lastSharedTouch;

    private record RenderedAge(long seconds, CharSequence value) {
    }

    /** A copy for one delivery: the body stays on the heap, where copying it off once would gain nothing. */
    public PreparedResponse(CachedResponse response, long now) {
        this(response, now, false);
    }

    /**
     * A copy for the hot tier, which serves many hits: the body is copied off-heap once, so that
     * each hit's socket write sends it as it is instead of copying it off the heap first.
     */
    public static PreparedResponse kept(CachedResponse response, long now) {
        return new PreparedResponse(response, now, true);
    }

    private PreparedResponse(CachedResponse response, long now, boolean offHeap) {
        this.response = response;
        byte[] bytes = response.body();
        this.body = BufferInternal.buffer(offHeap
                ? Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip())
                : Unpooled.wrappedBuffer(bytes));
        this.offHeapBytes = offHeap ? bytes.length : 0;
        this.contentLength = HttpHeaders.createOptimized(Integer.toString(bytes.length));
        HeaderList headers = response.headers();
        this.headerNames = new CharSequence[headers.size()];
        this.headerValues = new CharSequence[headers.size()];
        long rendered = 32L * headers.size();
        for (int i = 0; i < headers.size(); i++) {
            headerNames[i] = rendered(headers.name(i));
            headerValues[i] = rendered(headers.value(i));
            rendered += 64L + headers.name(i).length() + headers.value(i).length();
        }
        this.renderedBytes = rendered;
        this.lastSharedTouch = now;
    }

    /**
     * Only plain ASCII is rendered ahead: Vert.x writes a String's other characters as '?', an
     * optimised sequence's as their low byte, and a hit must write what a String would.
     */
    private static CharSequence rendered(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text;
            }
        }
        return HttpHeaders.createOptimized(text);
    }

    public CachedResponse response() {
        return response;
    }

    public Buffer body() {
        return body;
    }

    /** The body as Netty bytes; callers write a duplicate that cannot release it. */
    public ByteBuf bodyBytes() {
        return ((BufferInternal) body).getByteBuf();
    }

    /**
     * The status line and the stored header lines as HTTP/1.1 bytes, rendered on first use and kept:
     * what every hit of this copy sends before its Age and the cache's own fields. Characters outside
     * ASCII go out as '?', as Vert.x writes them, so both paths send the same bytes.
     */
    public byte[] encodedHead() {
        byte[] rendered = encodedHead;
        if (rendered == null) {
            StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(response.status()).append(' ')
                    .append(HttpResponseStatus.valueOf(response.status()).reasonPhrase()).append("\r\n");
            HeaderList headers = response.headers();
            for (int i = 0; i < headers.size(); i++) {
                head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
            }
            rendered = new byte[head.length()];
            for (int i = 0; i < rendered.length; i++) {
                char c = head.charAt(i);
                rendered[i] = (byte) (c < 0x80 ? c : '?');
            }
            encodedHead = rendered;
        }
        return rendered;
    }

    /** The name of stored header line {@code index}, ready for a Vert.x header map. */
    public CharSequence headerName(int index) {
        return headerNames[index];
    }

    /** The value of stored header line {@code index}, ready for a Vert.x header map. */
    public CharSequence headerValue(int index) {
        return headerValues[index];
    }

    /** The Content-Length field value of the body (Vert.x would render it per response). */
    public CharSequence contentLength() {
        return contentLength;
    }

    /** The Age field value for {@code seconds}, rendered once per second of age rather than once per hit. */
    public CharSequence ageValue(long seconds) {
        RenderedAge rendered = age;
        if (rendered.seconds() != seconds) {
            rendered = new RenderedAge(seconds, HttpHeaders.createOptimized(Long.toString(seconds)));
            age = rendered;
        }
        return rendered.value();
    }

    /**
     * Hits served from the hot tier do not reach the shared map, whose max-idle would otherwise
     * drop a popular entry. Returns true at most once per {@code interval}, when the caller should
     * touch the shared entry.
     */
    boolean claimSharedTouch(long now, long interval) {
        long last = lastSharedTouch;
        if (now - last < interval) {
            return false;
        }
        lastSharedTouch = now;
        return true;
    }

    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, response.estimatedBytes() + renderedBytes + offHeapBytes);
    }
}
