package io.tiercache.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * Streams an origin body to the client with back-pressure while keeping a copy for the cache, up to
 * the max object size. A larger body goes on streaming but is not kept (and is never buffered
 * whole). If the client leaves, the body is still read to the end when it is being kept, so the
 * fill completes for everyone waiting on it; otherwise the origin request is dropped.
 */
final class BodyRelay {

    private final HttpClientResponse origin;
    private final HttpServerResponse client;
    private final long maxObjectBytes;
    private final Promise<Buffer> done = Promise.promise();
    private Buffer kept;
    private boolean clientGone;
    private boolean tooLarge;

    /**
     * @param client where to stream the body, or null to only keep it (background refresh, HEAD)
     * @param keep   whether to keep a copy for the cache
     */
    BodyRelay(HttpClientResponse origin, HttpServerResponse client, boolean keep, long maxObjectBytes) {
        this.origin = origin;
        this.client = client;
        this.maxObjectBytes = maxObjectBytes;
        if (keep) {
            long declared = declaredLength(origin);
            if (declared > maxObjectBytes) {
                tooLarge = true;
            } else {
                kept = Buffer.buffer((int) Math.max(256, Math.min(declared < 0 ? 16 * 1024 : declared, maxObjectBytes)));
            }
        }
        this.clientGone = client == null;
    }

    /** Completes with the kept body (null when not kept or too large) once the origin body ended. */
    Future<Buffer> start() {
        if (client != null) {
            client.closeHandler(ignored -> clientLeft());
        }
        origin.handler(this::chunk);
        origin.endHandler(ignored -> {
            if (!clientGone && !client.ended()) {
                client.end();
            }
            done.tryComplete(kept);
        });
        origin.exceptionHandler(failure -> {
            if (!clientGone) {
                client.reset();
            }
            done.tryFail(failure);
        });
        origin.resume();
        return done.future();
    }

    boolean tooLarge() {
        return tooLarge;
    }

    private void chunk(Buffer chunk) {
        if (kept != null) {
            if (kept.length() + chunk.length() > maxObjectBytes) {
                kept = null;
                tooLarge = true;
            } else {
                kept.appendBuffer(chunk);
            }
        }
        if (!clientGone) {
            client.write(chunk);
            if (client.writeQueueFull()) {
                origin.pause();
                client.drainHandler(ignored -> origin.resume());
            }
        } else if (kept == null) {
            abandon();
        }
    }

    private void clientLeft() {
        clientGone = true;
        if (kept == null) {
            abandon();
        } else {
            origin.resume();
        }
    }

    private void abandon() {
        origin.request().reset();
        done.tryComplete(null);
    }

    /** The origin's Content-Length, or -1 when it sent none (or an unreadable one). */
    static long declaredLength(HttpClientResponse origin) {
        return parseLength(origin.getHeader("Content-Length"));
    }

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
