package io.tiercache.cluster;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

class AsyncCallbacksTest {

    @Test
    @DisplayName("shared-map reads do not start a thread each: Hazelcast's async steps run on the node's pool")
    void sharedMapReadsStartNoThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TestOrigin origin = TestOrigin.start();
             TestNode node = TestNode.start(origin, "cache: {hot-tier-size: 0}")) {
            origin.on("/shared/read", Reply.ok().cacheControl("max-age=3600").body("from the map"));
            TestClient.get(node.url("/shared/read"));
            for (int i = 0; i < 20; i++) {
                assertThat(cacheStatus(TestClient.get(node.url("/shared/read")))).isEqualTo("HIT");
            }
            long before = threads.getTotalStartedThreadCount();

            for (int i = 0; i < 200; i++) {
                assertThat(cacheStatus(TestClient.get(node.url("/shared/read")))).isEqualTo("HIT");
            }

            // With a common pool of parallelism 1 (2 cores) Hazelcast's default started one thread per read.
            assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(50);
        }
    }
}
