package io.tiercache.store;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of requests for a key this node's hot tier does not hold (here: no hot tier at all) reads
 * the shared map once per read in flight, not once per request, and every request gets the stored
 * response.
 */
class SharedReadJoiningTest {

    @Test
    void aBurstOfSharedMapHitsJoinsTheReadInFlight() {
        try (TestOrigin origin = TestOrigin.start(); TestNode node = TestNode.start(origin, "cache: {hot-tier-size: 0}\n")) {
            origin.on("/joined", Reply.ok().cacheControl("max-age=600").body("the stored page"));
            get(node.url("/joined"));
            await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/joined") != null);
            long readsBefore = reads(node);

            List<String> answers = RawHttp.burst(node.port(), "GET /joined HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                    + "\r\n\r\n", 30);

            assertThat(answers).allSatisfy(answer -> {
                assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("HIT");
                assertThat(RawHttp.body(answer)).isEqualTo("the stored page");
            });
            assertThat(reads(node) - readsBefore).as("shared-map reads for 30 requests").isLessThan(30);
            assertThat(origin.hits("/joined")).isEqualTo(1);
        }
    }

    private static long reads(TestNode node) {
        return node.node().member().entries().getLocalMapStats().getGetOperationCount();
    }
}
