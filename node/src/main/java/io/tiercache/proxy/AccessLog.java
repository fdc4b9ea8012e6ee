package io.tiercache.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.config.AccessLogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One line per request, like nginx's access log with $upstream_cache_status: time, client, method,
 * URL, status, cache status, bytes, total and origin time, route, node; as text or JSON. Lines are
 * written by an {@link AccessLogWriter} off the event loop, in batches, to standard output or a
 * file. The "tiercache.access" logger's level still switches it at run time (OFF silences it), but
 * its appenders are not used: logback would format and write each line on the event loop.
 */
public final class AccessLog implements RequestLog, AutoCloseable {

    private static final Logger SWITCH = LoggerFactory.getLogger("tiercache.access");

    private final AccessLogWriter writer;

    AccessLog(AccessLogWriter writer) {
        this.writer = writer;
    }

    /**
     * The access log for this config: lines to {@code file}, or to standard output when it is null.
     *
     * @throws IllegalStateException naming node.access-log-file when the file cannot be opened
     */
    public static AccessLog open(String node, AccessLogFormat format, Path file, MeterRegistry registry) {
        AccessLogWriter.Sink sink;
        try {
            sink = file == null ? AccessLogWriter.Sink.stdout() : AccessLogWriter.Sink.file(file);
        } catch (IOException failure) {
            throw new IllegalStateException("node.access-log-file: cannot open '" + file + "' for appending: "
                    + failure, failure);
        }
        AccessLogWriter writer = new AccessLogWriter(new AccessLogLines(node, format == AccessLogFormat.JSON,
                2 * AccessLogWriter.BATCH_BYTES), sink, AccessLogWriter.LANE_CAPACITY);
        FunctionCounter.builder("tiercache.access.log.dropped", writer, AccessLogWriter::dropped)
                .description("Access-log lines dropped because the log's output could not keep up (or failed)")
                .register(registry);
        Gauge.builder("tiercache.access.log.queued", writer, AccessLogWriter::queued)
                .description("Access-log lines waiting to be written")
                .register(registry);
        return new AccessLog(writer);
    }

    @Override
    public boolean detailed() {
        return SWITCH.isInfoEnabled();
    }

    @Override
    public void completed(Entry entry) {
        if (SWITCH.isInfoEnabled()) {
            writer.offer(entry);
        }
    }

    /** Writes the lines still queued and closes the output. */
    @Override
    public void close() {
        writer.close();
    }
}
