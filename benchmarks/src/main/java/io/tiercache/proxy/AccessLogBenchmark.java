package io.tiercache.proxy;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The access log's cost per request, in its two parts: what the event loop pays (building the
 * entry and handing it to its lane is measured by {@code offer}, with a writer that drains into a
 * sink that discards) and what the writer thread pays to format a line ({@code format}).
 */
@State(Scope.Thread)
public class AccessLogBenchmark {

    @Param({"text", "json"})
    public String format;

    private AccessLogLines lines;
    private AccessLogWriter writer;
    private long started;

    @Setup
    public void setUp() {
        lines = new AccessLogLines("node-1", format.equals("json"), 1 << 20);
        writer = new AccessLogWriter(new AccessLogLines("node-1", format.equals("json"), 1 << 17),
                (bytes, length) -> { }, AccessLogWriter.LANE_CAPACITY);
        started = System.currentTimeMillis();
    }

    @Benchmark
    public int format() {
        if (lines.length() > (1 << 19)) {
            lines.clear();
        }
        lines.append(entry());
        return lines.length();
    }

    @Benchmark
    public boolean offer() {
        return writer.offer(entry());
    }

    private RequestLog.Entry entry() {
        return new RequestLog.Entry(started, "127.0.0.1", "GET", "/obj/1k", 200, CacheOutcome.HIT, "default", 1318,
                412, -1, "tiercache; hit; ttl=3558", false);
    }
}
