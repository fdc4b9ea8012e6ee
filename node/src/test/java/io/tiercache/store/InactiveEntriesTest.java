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

/** Like nginx's inactive=: entries nobody reads leave the shared map, however fresh. */
class InactiveEntriesTest {

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                cache:
                  inactive: 2s
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("an entry nobody reads for cache.inactive leaves the shared map, fresh or not")
    void untouchedEntriesLeaveAfterInactive() {
        var entries = node.node().member().entries();
        String key = "http://127.0.0.1:" + node.port() + "/bounds/idle";
        origin.on("/bounds/idle", Reply.ok().cacheControl("max-age=600").body("idle"));
        get(node.url("/bounds/idle"));
        await().atMost(Duration.ofSeconds(2)).until(() -> entries.localKeySet().contains(key));

        // Watched through the key set: reading the entry itself would reset its idle clock.
        await().atMost(Duration.ofSeconds(10)).until(() -> !entries.localKeySet().contains(key));
        node.node().store().forgetAll();
        assertThat(cacheStatus(get(node.url("/bounds/idle")))).isEqualTo("MISS");
        assertThat(origin.hits("/bounds/idle")).isEqualTo(2);
    }
}
