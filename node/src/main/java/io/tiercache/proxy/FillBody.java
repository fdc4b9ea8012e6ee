package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a response while it is fetched: held off-heap as it arrives, so that the fill reads
 * the origin at the origin's pace and every client reading it goes at its own (a slow first reader
 * holds up no one). Two modes:
 * <ul>
 *   <li><b>keep</b>: every byte is kept, up to the max object size, for the store and for any
 *       number of readers;</li>
 *   <li><b>relay</b>: the response will not be stored (too large, or not storable) and has one
 *       reader; only a window ahead of it is held, and the origin is paused while the window is
 *       full, so memory stays bounded whatever the size.</li>
 * </ul>
 * Bytes are appended on the fill's event loop; each reader writes on its own. Blocks are direct
 * buffers freed by the garbage collector once no reader and no pending socket write holds them,
 * so a write still queued in Netty never sees freed memory.
 */
final class FillBody {

    static final int BLOCK_BYTES = 64 * 1024;
    /** In relay mode, how far the origin may run ahead of the reader. */
    static final int RELAY_WINDOW = 256 * 1024;
    private static final Runnable NOTHING = () -> {
    };

    private final long keepLimit;
    private final List<ByteBuf> blocks = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();
    private long firstBlockStart;
    private long length;
    private int lastBlockFill = BLOCK_BYTES;
    private boolean keeping;
    private boolean ended;
    private boolean originPaused;
    private Throwable failure;
    private Runnable windowFree = NOTHING;
    private Runnable unread = NOTHING;

    /**
     * @param keep      whether to keep the whole body (for the store)
     * @param keepLimit the most bytes kept; past it the body turns to relay mode
     */
    FillBody(boolean keep, long keepLimit) {
        this.keeping = keep;
        this.keepLimit = keepLimit;
    }

    /** What to do when a relay window has room again (resume the origin), and when no one reads any more. */
    synchronized void onFlow(Runnable windowFree, Runnable unread) {
        this.windowFree = windowFree;
        this.unread = unread;
    }

    /**
     * Appends a chunk. Returns false when the origin should pause: a relay window is full.
     * A kept body that grows past the limit turns to relay mode: {@link #kept()} then says false.
     */
    boolean append(Buffer chunk) {
        ByteBuf bytes = ((BufferInternal) chunk).getByteBuf();
        List<Reader> wake;
        boolean room;
        synchronized (this) {
            if (ended || failure != null) {
                return true;
            }
            int offset = bytes.readerIndex();
            int left = bytes.readableBytes();
            while (left > 0) {
                if (lastBlockFill == BLOCK_BYTES) {
                    blocks.add(Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(BLOCK_BYTES)));
                    lastBlockFill = 0;
                }
                int n = Math.min(left, BLOCK_BYTES - lastBlockFill);
                blocks.get(blocks.size() - 1).setBytes(lastBlockFill, bytes, offset, n);
                lastBlockFill += n;
                offset += n;
                left -= n;
                length += n;
            }
            if (keeping && length > keepLimit) {
                keeping = false;
            }
            releaseRead();
            room = keeping || length - slowestPosition() < RELAY_WINDOW;
            originPaused = !room;
            wake = waiting();
        }
        wake.forEach(Reader::wake);
        return room;
    }

    /** The origin's body ended. */
    void end() {
        List<Reader> wake;
        synchronized (this) {
            ended = true;
            wake = waiting();
        }
        wake.forEach(Reader::wake);
    }

    /** The origin's body broke off: every reader's response is cut. */
    void fail(Throwable cause) {
        List<Reader> wake;
        synchronized (this) {
            if (ended) {
                return;
            }
            failure = cause;
            wake = new ArrayList<>(readers);
        }
        wake.forEach(Reader::wake);
    }

    /** Whether the body broke off (the origin's, or the fill's own failure). */
    synchronized boolean broken() {
        return failure != null;
    }

    synchronized boolean kept() {
        return keeping;
    }

    synchronized long length() {
        return length;
    }

    synchronized int readers() {
        return readers.size();
    }

    /** The whole body, for the store; only while {@link #kept()}. */
    synchronized byte[] bytes() {
        if (!keeping) {
            throw new IllegalStateException("the body was not kept");
        }
        byte[] all = new byte[(int) length];
        int at = 0;
        for (ByteBuf block : blocks) {
            int n = (int) Math.min(BLOCK_BYTES, length - at);
            block.getBytes(0, all, at, n);
            at += n;
        }
        return all;
    }

    /**
     * Starts feeding {@code out} on {@code context} from the first byte; {@code out} is ended when the
     * body ends, and {@code cut} runs instead if it breaks off (a client must not take a truncated
     * body for a whole one).
     */
    Reader read(Context context, WriteStream<Buffer> out, Runnable cut) {
        return read(context, out, cut, 0, Long.MAX_VALUE, out::end);
    }

    /**
     * Starts feeding {@code out} bytes {@code from} (included) to {@code to} (excluded) of the body as
     * they arrive; {@code done} runs instead of ending {@code out} once the last of them is written
     * (a range of a response, or one part of several). A body that ends or breaks off short of
     * {@code to} runs {@code cut}. In relay mode the bytes before {@code from} are let go as they arrive.
     */
    Reader read(Context context, WriteStream<Buffer> out, Runnable cut, long from, long to, Runnable done) {
        Reader reader = new Reader(context, out, cut, from, to, done);
        synchronized (this) {
            readers.add(reader);
        }
        reader.wake();
        return reader;
    }

    private List<Reader> waiting() {
        List<Reader> waiting = new ArrayList<>();
        for (Reader reader : readers) {
            if (reader.idle) {
                reader.idle = false;
                waiting.add(reader);
            }
        }
        return waiting;
    }

    /** Where the slowest reader is; with none yet, nothing may be let go (the reader to come starts at 0). */
    private long slowestPosition() {
        if (readers.isEmpty()) {
            return firstBlockStart;
        }
        long slowest = length;
        for (Reader reader : readers) {
            slowest = Math.min(slowest, reader.position);
        }
        return slowest;
    }

    /** In relay mode, blocks every reader has passed are let go. */
    private void releaseRead() {
        if (keeping) {
            return;
        }
        long slowest = slowestPosition();
        while (blocks.size() > 1 && firstBlockStart + BLOCK_BYTES <= slowest) {
            blocks.remove(0);
            firstBlockStart += BLOCK_BYTES;
        }
    }

    /**
     * The next bytes for a reader at {@code position}, at most one block's worth and none at or past
     * {@code end}, or null when it is caught up.
     */
    private synchronized Buffer next(long position, long end) {
        long available = Math.min(length, end);
        if (position >= available) {
            return null;
        }
        int index = (int) ((position - firstBlockStart) / BLOCK_BYTES);
        int from = (int) ((position - firstBlockStart) % BLOCK_BYTES);
        long blockEnd = firstBlockStart + (long) (index + 1) * BLOCK_BYTES;
        int n = (int) (Math.min(blockEnd, available) - position);
        return BufferInternal.buffer(blocks.get(index).slice(from, n));
    }

    /** One client reading the body at its own pace, on its own event loop. */
    final class Reader {
        private final Context context;
        private final WriteStream<Buffer> out;
        private final Runnable cut;
        private final long end;
        private final Runnable finished;
        private long position;
        /** Caught up and waiting for bytes; guarded by the body. */
        private boolean idle;
        private boolean done;

        private Reader(Context context, WriteStream<Buffer> out, Runnable cut, long from, long end, Runnable finished) {
            this.context = context;
            this.out = out;
            this.cut = cut;
            this.position = from;
            this.end = end;
            this.finished = finished;
        }

        private void wake() {
            context.runOnContext(ignored -> pump());
        }

        /** Writes what has arrived until the client's socket pushes back or it is caught up. */
        private void pump() {
            try {
                flow();
            } catch (RuntimeException failure) {
                // A client whose connection broke between writes: it stops reading, the fill goes on.
                cut.run();
                leave();
            }
        }

        private void flow() {
            while (!done) {
                Buffer chunk = next(position, end);
                if (chunk == null) {
                    if (settle()) {
                        return;
                    }
                    continue;
                }
                position += chunk.length();
                Runnable resume = afterRead();
                out.write(chunk);
                resume.run();
                if (out.writeQueueFull()) {
                    out.drainHandler(ignored -> pump());
                    return;
                }
            }
        }

        /**
         * Caught up: done at the end of its range, or when the body ended; cut when it broke off or
         * ended short of the range; else waits. Returns true when there is nothing to do now.
         */
        private boolean settle() {
            boolean complete;
            Throwable broken;
            synchronized (FillBody.this) {
                complete = position >= end;
                if (!complete && position < length) {
                    return false;
                }
                broken = failure;
                if (!complete && !ended && broken == null) {
                    idle = true;
                    return true;
                }
                complete |= ended && end == Long.MAX_VALUE;
            }
            if (complete && (broken == null || position >= end)) {
                finished.run();
            } else {
                cut.run();
            }
            leave();
            return true;
        }

        /** A relay window the origin waits on may have room now that this reader moved on. */
        private Runnable afterRead() {
            synchronized (FillBody.this) {
                if (keeping) {
                    return NOTHING;
                }
                releaseRead();
                if (originPaused && length - slowestPosition() < RELAY_WINDOW) {
                    originPaused = false;
                    return windowFree;
                }
                return NOTHING;
            }
        }

        /** The client went away, or its response ended: this reader stops and holds nothing. */
        void leave() {
            Runnable nobody = null;
            synchronized (FillBody.this) {
                if (done) {
                    return;
                }
                done = true;
                readers.remove(this);
                if (readers.isEmpty() && !keeping && !ended && failure == null) {
                    nobody = unread;
                }
                releaseRead();
            }
            if (nobody != null) {
                nobody.run();
            }
        }
    }
}
