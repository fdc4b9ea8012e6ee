package io.tiercache.store;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant 5 for large objects: {@code shared-size} bounds the entries a member owns, whatever the
 * mix of sizes. With Hazelcast's eviction alone, which evicts one entry per put, big objects stored
 * after many small ones grew the map past its limit and it never came back.
 */
class SharedBudgetTest {

    static final long MIB = 1024 * 1024;

    TestOrigin origin;
    List<TestNode> nodes = new ArrayList<>();

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("big objects stored after many small ones: after each store the member is back within shared-size")
    void bigObjectsAfterSmallOnesStayWithinTheBudget() {
        TestNode node = TestNode.start(origin, """
                cache:
                  hot-tier-size: 0
                  shared-size: 48m
                  max-object-size: 3m
                """);
        nodes.add(node);
        long budget = 48 * MIB;

        for (int i = 0; i < 1000; i++) {
            fetch(node, "/small/" + i, 4 * 1024);
        }
        for (int i = 0; i < 20; i++) {
            fetch(node, "/big/" + i, 3_000_000);
            awaitStored(node);
            soon().alias("owned entries within the budget after big object " + i).until(() -> ownedBytes(node) <= budget);
        }
        long evicted = node.node().sharedBudget().evictions();
        assertThat(evicted).isPositive();
        assertThat(node.node().registry().get("tiercache.shared.evictions").functionCounter().count())
                .as("the metric counts the keeper's evictions").isGreaterThanOrEqualTo(evicted);

        fetch(node, "/big/0", 3_000_000);
        awaitStored(node);
        assertThat(cacheStatus(get(node.url("/big/0")))).as("a later request is served and stored").isEqualTo("HIT");
        // The keeper evicts after a store lands (README: the budget is held after stores, not before).
        soon().alias("owned entries within the budget after the last store").until(() -> ownedBytes(node) <= budget);
    }

    @Test
    @DisplayName("in a cluster, big objects after small ones: each member keeps what it owns within its shared-size")
    void eachMemberOfAClusterStaysWithinItsBudget() {
        nodes.addAll(TestNode.cluster(3, origin, """
                cache:
                  hot-tier-size: 0
                  shared-size: 16m
                  max-object-size: 1m
                """));
        await("partitions settled on the three members").atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
                .allMatch(node -> node.node().member().hazelcast().getPartitionService().isClusterSafe()));
        long budget = 16 * MIB;

        for (int i = 0; i < 900; i++) {
            fetch(nodes.get(i % nodes.size()), "/cluster-small/" + i, 4 * 1024);
        }
        for (int i = 0; i < 90; i++) {
            TestNode node = nodes.get(i % nodes.size());
            fetch(node, "/cluster-big/" + i, 1_000_000);
            awaitStored(node);
            soon().alias("every member within its budget after object " + i)
                    .until(() -> nodes.stream().allMatch(member -> ownedBytes(member) <= budget));
        }
        for (int m = 0; m < nodes.size(); m++) {
            assertThat(nodes.get(m).node().sharedBudget().evictions()).as("evictions on member " + m).isPositive();
        }
    }

    private void fetch(TestNode node, String path, int size) {
        origin.on(path, Reply.ok().cacheControl("max-age=600").body(new byte[size]));
        HttpResponse<byte[]> response = getBytes(node.url(path));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(size);
    }

    /** The fill answers the client before it stores: wait until its store has landed. */
    private static void awaitStored(TestNode node) {
        soon().until(() -> node.node().registry().get("tiercache.fills.in.flight").gauge().value() == 0);
    }

    private static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    private static long ownedBytes(TestNode node) {
        return node.node().member().entries().getLocalMapStats().getOwnedEntryMemoryCost();
    }
}
