package io.tiercache.e2e;

import io.tiercache.testing.ByteRangeParts;
import io.tiercache.testing.NodeProcess;
import io.tiercache.testing.RandomRangeReaders;
import io.tiercache.testing.RangedObject;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's large-object case at full size, on three node processes: 50 clients read random ranges
 * of a 200 MiB object through all three nodes, then one client reads it whole. Every answer is
 * byte-exact, the origin sees each 1 MiB slice at most once and never a request for the whole
 * object, and each node's resident memory stays within what its configuration allows (its heap,
 * its hot tier, the JVM's own), whatever the object's size or the number of clients.
 */
class LargeObjectFleetIT {

    private static final int MIB = 1024 * 1024;
    private static final int SIZE_MIB = 200;
    private static final int CLIENTS = 50;
    private static final int RANGES_PER_CLIENT = 20;
    private static final int HEAP_MIB = 640;
    private static final int HOT_TIER_MIB = 16;
    /** The JVM's own memory beside the heap: metaspace, code, thread stacks, Netty's and Hazelcast's buffers. */
    private static final int JVM_OWN_MIB = 320;
    private static final String SITE = "downloads.example.test";
    private static final String PATH = "/large/fleet.bin";

    static byte[] body;
    static TestOrigin origin;
    static RangedObject object;
    static List<NodeProcess> nodes;

    @BeforeAll
    static void start() throws IOException {
        body = ByteRangeParts.pattern(SIZE_MIB * MIB, 13);
        origin = TestOrigin.start();
        object = new RangedObject(body, "\"fleet-v1\"", "max-age=3600", origin.clock());
        origin.handle(PATH, object);
        Path config = Files.createTempFile("large-fleet-it", ".yaml");
        // 200 slices and their backups spread over three members: about 134 MiB each, within shared-size.
        // A waiter fetches on its own after lock-timeout (5 s by default); on a machine loaded enough to
        // stall a node for seconds that would fetch a slice twice, which is not what this test measures.
        Files.writeString(config, """
                cache:
                  lock-timeout: 60s
                  slice-size: 1m
                  hot-tier-size: %dm
                  shared-size: 192m
                  max-object-size: 8m
                """.formatted(HOT_TIER_MIB));
        nodes = NodeProcess.plan(3, "-Xmx" + HEAP_MIB + "m", origin.url(), "large-fleet-it-" + origin.port(), config);
        nodes.forEach(NodeProcess::start);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.forEach(NodeProcess::close);
        }
        origin.close();
    }

    @Test
    @DisplayName("50 clients read random ranges of a 200 MiB object over three node processes: exact bytes, each slice fetched once, memory bounded")
    void randomRangesOfALargeObject() throws Exception {
        long[] rssBefore = nodes.stream().mapToLong(NodeProcess::rssKib).toArray();

        long millis = RandomRangeReaders.read(nodes.stream().<Function<String, String>>map(node -> node::url).toList(),
                PATH, SITE, body, CLIENTS, RANGES_PER_CLIENT);
        HttpResponse<byte[]> whole = TestClient.getBytes(nodes.get(1).url(PATH), "Host", SITE);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(body);

        Map<String, AtomicInteger> asked = object.rangesAsked();
        assertThat(asked).doesNotContainKey("none");
        assertThat(asked.values()).as("each slice asked at most once: %s", asked).allMatch(count -> count.get() == 1);
        long[] rssAfter = nodes.stream().mapToLong(NodeProcess::rssKib).toArray();
        StringBuilder memory = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            memory.append(String.format(" %s %d -> %d MiB;", nodes.get(i).name(), rssBefore[i] / 1024, rssAfter[i] / 1024));
        }
        System.out.printf("large object over node processes: %d MiB, %d clients x %d random ranges over %d nodes in %d ms,"
                        + " then one whole GET; origin slice fetches %d (of %d slices), whole fetches 0; RSS (heap -Xmx%dm):%s%n",
                SIZE_MIB, CLIENTS, RANGES_PER_CLIENT, nodes.size(), millis, asked.size(), SIZE_MIB, HEAP_MIB, memory);
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(rssAfter[i] / 1024).as("RSS of %s in MiB", nodes.get(i).name())
                    .isLessThan(HEAP_MIB + HOT_TIER_MIB + JVM_OWN_MIB);
        }
    }
}
