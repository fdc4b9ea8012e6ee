package io.tiercache.proxy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access log's writer when its output cannot keep up. */
class AccessLogWriterTest {

    static final int CAPACITY = 1_000;

    @Test
    @Timeout(30)
    @DisplayName("a sink that blocks costs requests nothing: lines beyond the lane's capacity are dropped and counted")
    void blockedSinkDropsAndCounts() throws Exception {
        CountDownLatch unblocked = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter.Sink blocking = (bytes, length) -> {
            writes.incrementAndGet();
            try {
                unblocked.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.write(bytes, 0, length);
        };
        AccessLogWriter writer = new AccessLogWriter(new AccessLogLines("node-1", false, 1024), blocking, CAPACITY);
        try {
            writer.offer(entry(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);
            int offered = 1;
            int accepted = 1;
            for (int i = 1; i <= 10 * CAPACITY; i++) {
                offered++;
                accepted += writer.offer(entry(i)) ? 1 : 0;
            }

            assertThat(writer.queued()).as("memory stays bounded by the lane").isEqualTo(CAPACITY);
            assertThat(accepted).isEqualTo(CAPACITY + 1);
            assertThat(writer.dropped()).isEqualTo(offered - accepted);

            unblocked.countDown();
            long kept = accepted;
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == kept);
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(accepted);
            assertThat(lines[0]).contains("\"GET /page?n=0\"");
            assertThat(lines[accepted - 1]).contains("\"GET /page?n=" + (accepted - 1) + "\"");
        } finally {
            unblocked.countDown();
            writer.close();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("a sink that fails counts its lines as dropped, and the writer goes on")
    void failingSinkCountsDropped() {
        AtomicInteger attempts = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter.Sink failingOnce = (bytes, length) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("disk full");
            }
            out.write(bytes, 0, length);
        };
        AccessLogWriter writer = new AccessLogWriter(new AccessLogLines("node-1", true, 1024), failingOnce, CAPACITY);
        try {
            writer.offer(entry(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.dropped() == 1);
            writer.offer(entry(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.written() == 1);

            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"url\":\"/page?n=2\"").endsWith("}\n");
        } finally {
            writer.close();
        }
    }

    private static RequestLog.Entry entry(int n) {
        return new RequestLog.Entry(1_700_000_000_000L + n, "127.0.0.1", "GET", "/page?n=" + n, 200, CacheOutcome.HIT,
                "default", 1024, 412, -1, "tiercache; hit; ttl=59", false);
    }
}
