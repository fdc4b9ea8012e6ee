package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import org.awaitility.core.ConditionFactory;

import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/** A client connection as a reader sees it: collects what is written, pushes back when the test says so. */
final class ClientStream implements WriteStream<Buffer> {
    private final Context context;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final boolean stepping;
    final AtomicInteger ends = new AtomicInteger();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger offContext = new AtomicInteger();
    private volatile boolean pushingBack;
    private volatile Handler<Void> drain;
    private volatile WeakReference<ByteBuf> firstBlock;

    /** {@code stepping}: the socket is full after every write until the test lets one more through. */
    private ClientStream(Vertx vertx, boolean stepping) {
        this.context = vertx.getOrCreateContext();
        this.stepping = stepping;
    }

    /** A client whose socket never pushes back. */
    static ClientStream fast(Vertx vertx) {
        return new ClientStream(vertx, false);
    }

    static ClientStream stepping(Vertx vertx) {
        return new ClientStream(vertx, true);
    }

    /** Waits for a state that readers reach on their own event loops; they get there in microseconds. */
    static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    FillBody.Reader readFrom(FillBody body) {
        return body.read(context, this, () -> {
            onContext();
            cuts.incrementAndGet();
        });
    }

    /** Reads bytes {@code from} to {@code to} (excluded) of the body; reaching {@code to} counts as the response's end. */
    FillBody.Reader readRange(FillBody body, long from, long to) {
        return body.read(context, this, () -> {
            onContext();
            cuts.incrementAndGet();
        }, from, to, () -> {
            onContext();
            ends.incrementAndGet();
        });
    }

    private void onContext() {
        if (Vertx.currentContext() != context) {
            offContext.incrementAndGet();
        }
    }

    @Override
    public Future<Void> write(Buffer chunk) {
        onContext();
        if (firstBlock == null) {
            firstBlock = new WeakReference<>(block(chunk));
        }
        synchronized (received) {
            received.writeBytes(chunk.getBytes());
        }
        pushingBack = stepping;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
        onContext();
        ends.incrementAndGet();
        return Future.succeededFuture();
    }

    @Override
    public boolean writeQueueFull() {
        return pushingBack;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        drain = handler;
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

    /** The buffer a chunk is a slice of: the body's block. */
    private static ByteBuf block(Buffer chunk) {
        ByteBuf buf = ((BufferInternal) chunk).getByteBuf();
        while (buf.unwrap() != null) {
            buf = buf.unwrap();
        }
        return buf;
    }

    boolean holdsFirstBlock() {
        System.gc();
        return firstBlock.get() != null;
    }

    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    int receivedLength() {
        synchronized (received) {
            return received.size();
        }
    }

    boolean waitingForDrain() {
        return drain != null;
    }

    boolean finished() {
        return ends.get() + cuts.get() > 0;
    }

    /** The socket drained: the reader writes again (as Vert.x calls a drain handler, on the reader's context). */
    void step() {
        Handler<Void> handler = drain;
        drain = null;
        pushingBack = false;
        if (handler != null) {
            context.runOnContext(ignored -> handler.handle(null));
        }
    }

    /** Lets a stepping reader write one chunk at a time until its response ends or is cut. */
    void readToTheEnd() {
        while (!finished()) {
            soon().until(() -> waitingForDrain() || finished());
            step();
        }
    }

    /** Lets a stepping reader write until it has {@code length} bytes out. */
    void readUpTo(long length) {
        while (receivedLength() < length) {
            soon().until(this::waitingForDrain);
            step();
        }
    }
}
