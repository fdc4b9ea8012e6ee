package io.tiercache.testing;

import io.tiercache.TierCacheNode;
import io.tiercache.config.ConfigLoader;
import io.tiercache.config.ConfigOverride;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.StoredEntry;
import io.tiercache.store.VariantIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;


/**
 * A real tiercache node in this JVM, on free loopback ports, in front of a test origin. Several of
 * them form a real Hazelcast cluster over TCP on 127.0.0.1.
 */
public final class TestNode implements AutoCloseable {

    private final TierCacheNode node;
    private final TestClock clock;
    private final int port;
    private final int adminPort;
    private final int clusterPort;

    private TestNode(TierCacheNode node, TestClock clock, int port, int adminPort, int clusterPort) {
        this.node = node;
        this.clock = clock;
        this.port = port;
        this.adminPort = adminPort;
        this.clusterPort = clusterPort;
    }

    /** One node alone in its own cluster. {@code yaml} may be empty; ports and origin are set here. */
    public static TestNode start(TestOrigin origin, String yaml) {
        return cluster(1, origin, yaml).get(0);
    }

    /** One node alone in its own cluster, in front of an origin that is not a {@link TestOrigin}. */
    public static TestNode start(String originUrl, String yaml) {
        int clusterPort = Ports.free();
        return start(originUrl, new TestClock(), yaml, "test-" + clusterPort, clusterPort, "127.0.0.1:" + clusterPort,
                "node-1");
    }

    /** {@code size} nodes joined into one cluster, started one after another. */
    public static List<TestNode> cluster(int size, TestOrigin origin, String yaml) {
        List<Integer> clusterPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clusterPorts.add(Ports.free());
        }
        String members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String clusterName = "test-" + clusterPorts.get(0);
        List<TestNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                nodes.add(start(origin.url(), origin.clock(), yaml, clusterName, clusterPorts.get(i), members,
                        "node-" + (i + 1)));
            }
        } catch (RuntimeException failure) {
            nodes.forEach(TestNode::close);
            throw failure;
        }
        return nodes;
    }

    /** Starts one more node that joins the cluster of {@code peer}. */
    public static TestNode join(TestOrigin origin, String yaml, TestNode peer, String name) {
        int clusterPort = Ports.free();
        String members = "127.0.0.1:" + peer.clusterPort + ",127.0.0.1:" + clusterPort;
        return start(origin.url(), origin.clock(), yaml, peer.node.config().cluster().name(), clusterPort, members, name);
    }

    /**
     * One member with settings of its own (a bind address, a public address), for tests that shape
     * the network between members.
     */
    public static TestNode member(TestOrigin origin, String yaml, String clusterName, int clusterPort, String members,
                                  String name, ConfigOverride... extra) {
        return start(origin.url(), origin.clock(), yaml, clusterName, clusterPort, members, name, extra);
    }

    private static TestNode start(String originUrl, TestClock clock, String yaml, String clusterName, int clusterPort,
                                  String members, String name, ConfigOverride... extra) {
        Path file = write(yaml);
        try {
            List<ConfigOverride> overrides = new java.util.ArrayList<>(List.of(
                    new ConfigOverride("origin.url", originUrl, "test"),
                    // The node binds free ports itself and says which: nothing can take them in between.
                    new ConfigOverride("node.listen", "127.0.0.1:0", "test"),
                    new ConfigOverride("admin.listen", "127.0.0.1:0", "test"),
                    new ConfigOverride("cluster.port", Integer.toString(clusterPort), "test"),
                    new ConfigOverride("cluster.members", members, "test"),
                    new ConfigOverride("cluster.name", clusterName, "test"),
                    new ConfigOverride("node.name", name, "test"),
                    new ConfigOverride("node.drain-delay", "0s", "test"),
                    new ConfigOverride("node.access-log", "off", "test")));
            overrides.addAll(List.of(extra));
            TierCacheConfig config = ConfigLoader.load(file, overrides, Map.of());
            TierCacheNode node = TierCacheNode.start(config, clock);
            return new TestNode(node, clock, node.proxyPort(), node.adminPort(), clusterPort);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind harms nothing
            }
        }
    }

    private static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("tiercache-test", ".yaml");
            Files.writeString(file, yaml == null ? "" : yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public int port() {
        return port;
    }

    /** The default cache key of a request sent to {@link #url} (scheme, Host as the test client sends it, path). */
    public String key(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    /** This node's hot copy of a response that does not vary, for the given Host, or null. */
    public io.tiercache.store.PreparedResponse hotCopy(String host, String pathAndQuery) {
        String url = "http://" + host + pathAndQuery;
        int query = pathAndQuery.indexOf('?');
        return node.store().hotUnvaried(new io.tiercache.store.CacheLocation(url, url, host,
                query < 0 ? pathAndQuery : pathAndQuery.substring(0, query), pathAndQuery));
    }

    /** What the shared map holds under the default key of this path: a response, a Vary index, or null. */
    public StoredEntry storedEntry(String pathAndQuery) {
        return node.member().entries().get(key(pathAndQuery));
    }

    /** The response the shared map holds under the default key of this path, or null. */
    public CachedResponse stored(String pathAndQuery) {
        return storedEntry(pathAndQuery) instanceof CachedResponse response ? response : null;
    }

    /**
     * The response stored under the default key of this path once its store has landed (a fill stores
     * after the client has its last byte), within 5 seconds.
     */
    public CachedResponse awaitStored(String pathAndQuery) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stored(pathAndQuery),
                java.util.Objects::nonNull);
    }

    /**
     * The response stored for this path under the Vary variant whose key contains {@code keyPart}
     * (e.g. {@code "accept-encoding=gzip\n"}), once its store has landed, within 5 seconds.
     */
    public CachedResponse awaitVariant(String pathAndQuery, String keyPart) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            if (!(storedEntry(pathAndQuery) instanceof VariantIndex index)) {
                return null;
            }
            return index.variantKeys().stream().filter(variant -> variant.contains(keyPart))
                    .map(variant -> node.member().entries().get(key(pathAndQuery) + '\u001e' + variant))
                    .filter(CachedResponse.class::isInstance).map(CachedResponse.class::cast)
                    .findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }

    /** Moves the clock of this node (and its origin) just past the expiry of the response stored for this path. */
    public void makeStale(String pathAndQuery) {
        CachedResponse response = stored(pathAndQuery);
        if (response == null) {
            throw new AssertionError("nothing stored for " + pathAndQuery);
        }
        clock.advance(Duration.ofMillis(Math.max(0, response.freshnessLeftMillis(clock.millis())) + 1));
    }

    public TestClock clock() {
        return clock;
    }

    public int clusterPort() {
        return clusterPort;
    }

    public TierCacheNode node() {
        return node;
    }

    @Override
    public void close() {
        node.close();
    }
}
