package io.tiercache.store;

import io.tiercache.cluster.SharedBudget;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many small objects: shared-size counts each entry's share of the indexes and the URL map, not
 * only Hazelcast's cost of its bytes, so small objects are held to the heap the budget promises
 * (README, Sizing).
 */
class SmallEntriesBudgetTest {

    @Test
    void smallEntriesAreHeldToTheBudgetWithTheirOverhead() {
        long budget = 4L * 1024 * 1024;
        try (TestOrigin origin = TestOrigin.start(); TestNode node = TestNode.start(origin, """
                cache:
                  hot-tier-size: 0
                  shared-size: 4m
                  max-object-size: 256k
                """)) {
            origin.on("/small", Reply.ok().cacheControl("max-age=600").body("x".repeat(1024)));
            // Hazelcast's cost alone, about 1.7 KB each, would let 3,000 fit under the 3.75 MiB high watermark.
            for (int i = 0; i < 3000; i++) {
                assertThat(get(node.url("/small?n=" + i)).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node().sharedBudget().evictions() > 0
                    && SharedBudget.heldBytes(node.node().member().entries().getLocalMapStats()) <= budget);

            var stats = node.node().member().entries().getLocalMapStats();
            assertThat(stats.getOwnedEntryCount()).isLessThan(budget / (stats.getOwnedEntryMemoryCost()
                    / Math.max(1, stats.getOwnedEntryCount()) + SharedBudget.ENTRY_OVERHEAD_BYTES) + 1);
            assertThat(node.node().registry().get("tiercache.shared.bytes").gauge().value())
                    .as("the metric counts what the budget counts").isLessThanOrEqualTo(budget);
        }
    }
}
