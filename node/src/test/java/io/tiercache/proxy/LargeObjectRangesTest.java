package io.tiercache.proxy;

import io.tiercache.testing.ByteRangeParts;
import io.tiercache.testing.RandomRangeReaders;
import io.tiercache.testing.RangedObject;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large object read in random ranges by many clients through three nodes of one cluster: every
 * answer is byte-exact, the origin sees each slice at most once (and never a request for the whole
 * object), and the nodes hold the object in their shared map, not once per client. The members share
 * this JVM, so its heap is theirs together; the full size (200 MiB, 50 clients) runs on three node
 * processes in {@code LargeObjectFleetIT}, which reports each one's memory. Every run prints what it
 * measured.
 */
class LargeObjectRangesTest {

    private static final int MIB = 1024 * 1024;
    private static final int SIZE_MIB = Integer.getInteger("tiercache.large.mib", 64);
    private static final int CLIENTS = Integer.getInteger("tiercache.large.clients", 30);
    private static final int REQUESTS_PER_CLIENT = 20;
    private static final int HOT_TIER_MIB = 16;
    private static final byte[] OBJECT = ByteRangeParts.pattern(SIZE_MIB * MIB, 42);
    /** One host for every node, so that the three nodes share one cache key (as behind a load balancer). */
    private static final String SITE = "downloads.example.test";

    static TestOrigin origin;
    static List<TestNode> nodes;
    static RangedObject object;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        object = new RangedObject(OBJECT, "\"large-v1\"", "max-age=3600", origin.clock());
        origin.handle("/large/object.bin", object);
        nodes = TestNode.cluster(3, origin, "cache: {slice-size: 1m, hot-tier-size: " + HOT_TIER_MIB + "m}");
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("clients reading random ranges of a large object over three nodes get exact bytes; the origin sees each slice at most once")
    void randomRangesOverThreeNodes() throws Exception {
        long heapBefore = usedHeapAfterGc();
        long rangesMillis = RandomRangeReaders.read(nodes.stream().<Function<String, String>>map(node -> node::url).toList(),
                "/large/object.bin", SITE, OBJECT, CLIENTS, REQUESTS_PER_CLIENT);
        HttpResponse<byte[]> whole = TestClient.getBytes(nodes.get(1).url("/large/object.bin"), "Host", SITE);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(OBJECT);
        whole = null;
        long heapAfter = usedHeapAfterGc();

        Map<String, AtomicInteger> asked = object.rangesAsked();
        assertThat(asked).doesNotContainKey("none");
        assertThat(asked.values()).as("each slice asked at most once: %s", asked).allMatch(count -> count.get() == 1);
        assertThat(asked).hasSizeLessThanOrEqualTo(SIZE_MIB);
        System.out.printf("large object: %d MiB, %d clients x %d random ranges over %d nodes in %d ms; "
                        + "origin slice fetches %d (of %d slices), whole fetches 0; heap after GC %d MiB before, %d MiB "
                        + "after (the shared map holds the object and one backup); direct buffers %d MiB; process RSS %d MiB%n",
                SIZE_MIB, CLIENTS, REQUESTS_PER_CLIENT, nodes.size(), rangesMillis, asked.size(), SIZE_MIB,
                heapBefore / MIB, heapAfter / MIB, directBytes() / MIB, rssKib() / 1024);
        // What the configuration holds: the object and its backup in the shared map, three hot tiers, and some slack.
        long bound = 2L * OBJECT.length + 3L * HOT_TIER_MIB * MIB + 128L * MIB;
        assertThat(heapAfter - heapBefore).isLessThan(bound);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static long rssKib() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
