package io.tiercache.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.tiercache.config.ConfigLoader;
import io.tiercache.config.ConfigOverride;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.PurgeScope;
import io.tiercache.testing.Ports;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that got into the cluster without the secret (it sniffed the derived cluster name off
 * the network) publishes on the cluster's topics: nothing it makes is applied. Its messages are
 * made with another key, or with none; the same messages made with the fleet's key are applied,
 * which shows that the forged ones reached the node and were refused.
 */
class ForgedClusterMessagesTest {

    static final String SECRET = "fleet-secret-0123456789abcdef";
    static final String OTHER_SECRET = "guessed-secret-9876543210fedcba";

    static TestOrigin origin;
    static TestNode node;
    static HazelcastInstance intruder;
    static ClusterSecret fleetKey;
    static ClusterSecret forgedKey;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "cluster: {secret: " + SECRET + "}\n");
        String clusterName = node.node().config().cluster().name();
        TierCacheConfig intruderConfig = ConfigLoader.load(null, List.of(
                new ConfigOverride("cluster.name", clusterName, "test"),
                new ConfigOverride("cluster.secret", SECRET, "test"),
                new ConfigOverride("cluster.port", Integer.toString(Ports.free()), "test"),
                new ConfigOverride("cluster.members", "127.0.0.1:" + node.clusterPort(), "test"),
                new ConfigOverride("node.name", "intruder", "test")), Map.of());
        intruder = Hazelcast.newHazelcastInstance(ClusterMember.hazelcastConfig(intruderConfig, Runnable::run));
        fleetKey = ClusterSecret.of(node.node().config().cluster());
        forgedKey = ClusterSecret.of(ConfigLoader.fromYaml("cluster: {name: " + clusterName + ", secret: "
                + OTHER_SECRET + "}").cluster());
        assertThat(node.node().member().memberNames()).containsExactlyInAnyOrder("node-1", "intruder");
    }

    @AfterAll
    static void stop() {
        intruder.shutdown();
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("a forged purge is not applied: the entry is still served as a hit")
    void forgedPurgeIsNotApplied() {
        origin.on("/forged/purge", Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n));
        get(node.url("/forged/purge"));
        assertThat(cacheStatus(get(node.url("/forged/purge")))).isEqualTo("HIT");
        double rejectedBefore = rejected();
        ITopic<PurgeEvent> purges = intruder.getReliableTopic(PurgeBus.TOPIC);

        purges.publish(signed(everything(), forgedKey));
        purges.publish(everything());

        await("two forged purges refused").atMost(Duration.ofSeconds(5)).until(() -> rejected() == rejectedBefore + 2);
        assertThat(cacheStatus(get(node.url("/forged/purge")))).isEqualTo("HIT");
        assertThat(origin.hits("/forged/purge")).isEqualTo(1);

        purges.publish(signed(everything(), fleetKey));
        await("the genuine purge applied").atMost(Duration.ofSeconds(5))
                .until(() -> get(node.url("/forged/purge")).body().equals("edition 2"));
    }

    @Test
    @DisplayName("a forged ack does not make a purge complete")
    void forgedAckDoesNotCompleteAPurge() throws Exception {
        double rejectedBefore = rejected();
        ITopic<PurgeAck> acks = intruder.getTopic(PurgeBus.ACK_TOPIC);
        UUID intruderId = intruder.getCluster().getLocalMember().getUuid();
        UUID listener = intruder.<PurgeEvent>getReliableTopic(PurgeBus.TOPIC).addMessageListener(message ->
                acks.publishAsync(signed(new PurgeAck(message.getMessageObject().id(), intruderId, "intruder"), forgedKey)));
        try {
            PurgeResult result = node.node().purgeBus().purge(PurgeScope.url("127.0.0.1:" + node.port(), "/forged/ack"), false)
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertThat(result.acknowledged()).containsExactly("node-1");
            assertThat(result.missing()).containsExactly("intruder");
            assertThat(result.complete()).isFalse();
            assertThat(rejected()).isEqualTo(rejectedBefore + 1);
        } finally {
            intruder.getReliableTopic(PurgeBus.TOPIC).removeMessageListener(listener);
        }
    }

    @Test
    @DisplayName("a forged replacement notice does not drop the hot copy")
    void forgedReplacementNoticeKeepsTheHotCopy() {
        origin.on("/forged/notice", Reply.ok().cacheControl("max-age=600"));
        get(node.url("/forged/notice"));
        String key = node.key("/forged/notice");
        await("the hot copy").atMost(Duration.ofSeconds(5)).until(() -> hotCopy(key));
        double rejectedBefore = rejected();
        ITopic<ReplacementNotice> notices = intruder.getTopic(ReplacementNotices.TOPIC);

        notices.publish(signed(new ReplacementNotice(key), forgedKey));
        notices.publish(new ReplacementNotice(key));

        await("two forged notices refused").atMost(Duration.ofSeconds(5)).until(() -> rejected() == rejectedBefore + 2);
        assertThat(hotCopy(key)).isTrue();

        io.tiercache.store.PreparedResponse held = heldCopy();
        notices.publish(signed(new ReplacementNotice(key), fleetKey));
        // Applied: the copy is dropped, and (as this node held one) read again from the shared map.
        await("the genuine notice applied").atMost(Duration.ofSeconds(5)).until(() -> heldCopy() != held);
    }

    private static io.tiercache.store.PreparedResponse heldCopy() {
        return node.hotCopy("127.0.0.1:" + node.port(), "/forged/notice");
    }

    private static PurgeEvent everything() {
        return new PurgeEvent(UUID.randomUUID(), new PurgeScope(java.util.List.of(), java.util.List.of("/"), java.util.List.of(), null), false, "node-1", System.currentTimeMillis());
    }

    private static <T extends AuthenticatedMessage> T signed(T message, ClusterSecret key) {
        message.sign(key);
        return message;
    }

    private static boolean hotCopy(String key) {
        return node.node().store().hasHotCopy(key);
    }

    private static double rejected() {
        return node.node().metrics().get("tiercache.cluster.rejected.messages").counter().count();
    }
}
