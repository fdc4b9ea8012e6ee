package io.tiercache.store;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invariant 5: memory is bounded in both tiers. */
class StorageBoundsTest {

    static final int BODY = 20 * 1024;
    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                cache:
                  hot-tier-size: 128k
                  shared-size: 4m
                  max-object-size: 64k
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("the hot tier evicts to stay within hot-tier-size")
    void hotTierStaysWithinItsBudget() {
        for (int i = 0; i < 40; i++) {
            origin.on("/bounds/hot-" + i, Reply.ok().cacheControl("max-age=600").body(new byte[BODY]));
            get(node.url("/bounds/hot-" + i));
        }

        TieredStore store = node.node().store();
        assertThat(store.hotBytes()).isLessThanOrEqualTo(128 * 1024);
        assertThat(store.hotEvictions()).isPositive();
        String evictedButShared = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "/bounds/hot-" + i)
                .filter(path -> !store.hasHotCopy("http://127.0.0.1:" + node.port() + path))
                .filter(path -> node.node().member().entries().localKeySet().contains("http://127.0.0.1:" + node.port() + path))
                .findFirst().orElseThrow();
        assertThat(cacheStatus(get(node.url(evictedButShared)))).as("evicted from the hot tier, still in the shared map")
                .isEqualTo("HIT");
    }

    @Test
    @DisplayName("the shared map evicts to stay within shared-size")
    void sharedMapStaysWithinItsBudget() {
        for (int i = 0; i < 400; i++) {
            origin.on("/bounds/shared-" + i, Reply.ok().cacheControl("max-age=600").body(new byte[BODY]));
            get(node.url("/bounds/shared-" + i));
        }

        var entries = node.node().member().entries();
        await().atMost(Duration.ofSeconds(5)).until(() -> entries.getLocalMapStats().getOwnedEntryMemoryCost() <= 4L * 1024 * 1024);
        assertThat(node.node().registry().get("tiercache.shared.evictions").functionCounter().count()).isPositive();
    }
}
