package io.tiercache.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes access-log lines off the event loop. Every thread that finishes requests (an event loop)
 * hands its entries to a bounded lane of its own, which costs it an uncontended lock; one writer
 * thread drains the lanes, formats the entries and writes them in batches of whole lines. A
 * request never waits for the log: when its lane is full because the sink cannot keep up, its line
 * is dropped and counted. Memory is bounded by the lanes' capacity and one batch buffer.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);

    /** Entries a lane holds: at 100,000 requests a second, more than the writer's longest pause. */
    static final int LANE_CAPACITY = 16_384;
    /** A batch is written when it reaches this size, or when the lanes are empty. */
    static final int BATCH_BYTES = 64 * 1024;
    /** How long the writer sleeps when the lanes are empty: the delay before a line appears. */
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Where whole lines go. */
    interface Sink extends AutoCloseable {

        void write(byte[] bytes, int length) throws IOException;

        @Override
        default void close() throws IOException {
        }

        /**
         * Standard output, through {@code System.out} so that a batch and the node's other log lines
         * (which logback writes through it too) never interleave.
         */
        static Sink stdout() {
            PrintStream out = System.out;
            return (bytes, length) -> {
                out.write(bytes, 0, length);
                if (out.checkError()) {
                    throw new IOException("standard output is closed or failing");
                }
            };
        }

        /** A file, appended to (so that logrotate's copytruncate works); created when missing. */
        static Sink file(Path path) throws IOException {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new Sink() {
                @Override
                public void write(byte[] bytes, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }

    private final AccessLogLines lines;
    private final Sink sink;
    private final int laneCapacity;
    private final List<ArrayBlockingQueue<RequestLog.Entry>> lanes = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ArrayBlockingQueue<RequestLog.Entry>> lane = ThreadLocal.withInitial(this::newLane);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    AccessLogWriter(AccessLogLines lines, Sink sink, int laneCapacity) {
        this.lines = lines;
        this.sink = sink;
        this.laneCapacity = laneCapacity;
        this.writer = new Thread(this::run, "tiercache-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues one line; never blocks. False (and counted) when the lane is full. */
    boolean offer(RequestLog.Entry entry) {
        if (closing || !lane.get().offer(entry)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Lines dropped because the sink could not keep up (or failed). */
    long dropped() {
        return dropped.get();
    }

    /** Lines written to the sink. */
    long written() {
        return written.get();
    }

    /** Lines waiting in the lanes. */
    int queued() {
        int queued = 0;
        for (ArrayBlockingQueue<RequestLog.Entry> each : lanes) {
            queued += each.size();
        }
        return queued;
    }

    private ArrayBlockingQueue<RequestLog.Entry> newLane() {
        ArrayBlockingQueue<RequestLog.Entry> created = new ArrayBlockingQueue<>(laneCapacity);
        lanes.add(created);
        return created;
    }

    private void run() {
        List<RequestLog.Entry> batch = new ArrayList<>();
        while (true) {
            boolean last = closing;
            for (ArrayBlockingQueue<RequestLog.Entry> each : lanes) {
                each.drainTo(batch);
            }
            int count = 0;
            for (RequestLog.Entry entry : batch) {
                lines.append(entry);
                count++;
                if (lines.length() >= BATCH_BYTES) {
                    flush(count);
                    count = 0;
                }
            }
            flush(count);
            boolean idle = batch.isEmpty();
            batch.clear();
            if (idle && last) {
                return;
            }
            if (idle) {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        }
    }

    private void flush(int count) {
        if (count == 0) {
            return;
        }
        try {
            sink.write(lines.bytes(), lines.length());
            written.addAndGet(count);
        } catch (IOException | RuntimeException failure) {
            dropped.addAndGet(count);
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY_NANOS) {
                lastWarning = now;
                LOG.warn("access log lines could not be written ({} dropped so far): {}", dropped.get(),
                        failure.toString());
            }
        } finally {
            lines.clear();
        }
    }

    /** Writes what is queued, then stops the writer thread and closes the sink. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            sink.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // the lines were written; a sink that fails to close loses none
        }
    }
}
