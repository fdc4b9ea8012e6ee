package io.tiercache.proxy;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;

import java.nio.ByteBuffer;

/**
 * A gzip body written to a client decoded, as it comes: each piece of input is decoded into small
 * pieces only while the client's connection takes them, so memory stays bounded by the write queue
 * whatever the ratio; until the input handed over is used up this stream reports itself full, so the
 * writer waits. A body that turns out corrupt, truncated or larger than the limit is answered by the
 * caller (a client must not take a damaged body for a whole one). Used on one event loop.
 */
final class GunzipStream implements WriteStream<Buffer> {

    private static final int PIECE_BYTES = 16 * 1024;

    private final HttpServerResponse out;
    private final GzipDecoder decoder;
    private final Runnable damaged;
    private Handler<Void> drain;
    private boolean ending;
    private boolean over;

    /**
     * @param limit   the most bytes the body may decode to
     * @param damaged answers instead when the body cannot be decoded: while nothing was sent it may
     *                still answer properly; once the head is out it can only cut the response
     */
    GunzipStream(HttpServerResponse out, long limit, Runnable damaged) {
        this.out = out;
        this.decoder = new GzipDecoder(limit);
        this.damaged = damaged;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
        if (over) {
            return Future.failedFuture("response over");
        }
        decoder.input(nioBuffer(chunk));
        pump();
        return Future.succeededFuture();
    }

    /** Ends the response once everything handed over is decoded and written. */
    @Override
    public Future<Void> end() {
        ending = true;
        pump();
        return Future.succeededFuture();
    }

    @Override
    public boolean writeQueueFull() {
        return !over && (!decoder.needsInput() || out.writeQueueFull());
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drain = handler;
        return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    /** Decodes and writes while the connection takes it; then waits for it to drain, or for more input. */
    private void pump() {
        if (over) {
            return;
        }
        try {
            while (!out.writeQueueFull() && !out.closed()) {
                byte[] piece = new byte[PIECE_BYTES];
                int n = decoder.read(piece, 0, piece.length);
                if (n == 0) {
                    break;
                }
                out.write(BufferInternal.buffer(Unpooled.wrappedBuffer(piece, 0, n)));
            }
        } catch (GzipDecoder.Corrupt | RuntimeException corrupt) {
            finish();
            damaged.run();
            return;
        }
        if (out.closed()) {
            // The client went away: nothing more to decode for it.
            finish();
            return;
        }
        if (!decoder.needsInput() || out.writeQueueFull()) {
            out.drainHandler(ignored -> pump());
            return;
        }
        if (ending) {
            boolean whole = decoder.complete();
            finish();
            if (whole) {
                out.end();
            } else {
                damaged.run();
            }
            return;
        }
        Handler<Void> waiting = drain;
        drain = null;
        if (waiting != null) {
            waiting.handle(null);
        }
    }

    private void finish() {
        over = true;
        decoder.close();
    }

    private static ByteBuffer nioBuffer(Buffer chunk) {
        return ((BufferInternal) chunk).getByteBuf().nioBuffer();
    }
}
