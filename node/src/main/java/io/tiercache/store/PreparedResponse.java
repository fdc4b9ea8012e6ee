package io.tiercache.store;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A stored response made ready to write: the body wrapped once as a Vert.x buffer (each write
 * takes its own slice, so one buffer serves every hit without copying). This is what the hot tier
 * holds, so a hit touches neither Hazelcast nor the serializer.
 */
public final class PreparedResponse {

    private final CachedResponse response;
    private final Buffer body;
    private volatile long lastSharedTouch;

    public PreparedResponse(CachedResponse response, long now) {
        this.response = response;
        this.body = BufferInternal.buffer(Unpooled.wrappedBuffer(response.body()));
        this.lastSharedTouch = now;
    }

    public CachedResponse response() {
        return response;
    }

    public Buffer body() {
        return body;
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
        return (int) Math.min(Integer.MAX_VALUE, response.estimatedBytes());
    }
}
