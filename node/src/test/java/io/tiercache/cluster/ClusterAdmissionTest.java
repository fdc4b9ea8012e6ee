package io.tiercache.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import io.tiercache.config.ConfigOverride;
import io.tiercache.testing.Ports;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Who gets into the cluster: only members that share the cluster name and the secret, and no
 * Hazelcast client at all. Real members in this JVM on loopback.
 */
class ClusterAdmissionTest {

    static final String SECRET = "fleet-secret-0123456789abcdef";
    static final String OTHER_SECRET = "another-fleet-9876543210fedcba";
    /** Sides that do not share a cluster name look for each other this often; a shared name would merge them. */
    static final String YAML = "cluster: {merge-delay: 1s}\n";

    static TestOrigin origin;
    static final List<TestNode> started = new ArrayList<>();

    @BeforeAll
    static void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stopNodes() {
        started.forEach(TestNode::close);
        started.clear();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    @DisplayName("nodes with the same name and the same secret join each other")
    void sameNameAndSecretJoin() {
        List<Integer> ports = List.of(Ports.free(), Ports.free());

        TestNode first = member("same-secret", ports, 0, SECRET);
        TestNode second = member("same-secret", ports, 1, SECRET);

        assertThat(second.node().member().memberNames()).containsExactlyInAnyOrder("node-0", "node-1");
        assertThat(first.node().member().memberNames()).containsExactlyInAnyOrder("node-0", "node-1");
    }

    @ParameterizedTest(name = "secret {0}")
    @NullSource
    @ValueSource(strings = OTHER_SECRET)
    @DisplayName("a node with the fleet's name but another secret or none stays out, and stays out")
    void strangersStayOut(String strangersSecret) {
        List<Integer> ports = List.of(Ports.free(), Ports.free());
        TestNode fleet = member("same-name", ports, 0, SECRET);

        TestNode stranger = member("same-name", ports, 1, strangersSecret);

        // Its start returned, so its join attempt is over: it formed a cluster of its own. Both
        // sides look for each other every merge delay; neither may take the other in.
        assertThat(stranger.node().member().memberNames()).containsExactly("node-1");
        await("the two clusters to stay apart").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fleet.node().member().memberNames().equals(List.of("node-0"))
                        && stranger.node().member().memberNames().equals(List.of("node-1")));
    }

    @Test
    @DisplayName("a Hazelcast client cannot connect to the cluster port, even with the name that members join by")
    void clientsCannotConnect() {
        List<Integer> ports = List.of(Ports.free());
        TestNode node = member("clients", ports, 0, SECRET);
        ClientConfig client = new ClientConfig().setClusterName(ClusterSecret.of(node.node().config().cluster()).wireName());
        client.getNetworkConfig().addAddress("127.0.0.1:" + node.clusterPort()).setConnectionTimeout(1000);
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(2000);
        client.setProperty("hazelcast.logging.type", "slf4j");

        assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unable to connect");
        assertThat(node.node().member().memberNames()).containsExactly("node-0");
    }

    private static TestNode member(String name, List<Integer> ports, int index, String secret) {
        String members = String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
        List<ConfigOverride> extra = new ArrayList<>();
        if (secret != null) {
            extra.add(new ConfigOverride("cluster.secret", secret, "test"));
        }
        TestNode node = TestNode.member(origin, YAML, name + "-" + ports.get(0), ports.get(index), members,
                "node-" + index, extra.toArray(new ConfigOverride[0]));
        started.add(node);
        return node;
    }
}
