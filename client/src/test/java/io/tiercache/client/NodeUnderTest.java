package io.tiercache.client;

import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A real origin and one real node behind it, with a purge token: what a test class talks to. */
public final class NodeUnderTest implements AutoCloseable {

    public static final String TOKEN = "test-purge-token";

    public final TestOrigin origin;
    public final TestNode node;

    private NodeUnderTest(TestOrigin origin, TestNode node) {
        this.origin = origin;
        this.node = node;
    }

    public static NodeUnderTest start() {
        TestOrigin origin = TestOrigin.start();
        try {
            return new NodeUnderTest(origin, TestNode.start(origin, "admin:\n  purge-token: " + TOKEN + "\n"));
        } catch (RuntimeException failure) {
            origin.close();
            throw failure;
        }
    }

    public URI admin() {
        return URI.create(node.adminUrl(""));
    }

    /** A client carrying the right token. */
    public TierCacheClient client() {
        return TierCacheClient.builder().admin(admin()).token(TOKEN).build();
    }

    /** host:port of the proxy listener, as visitors' Host headers name it. */
    public String host() {
        return "127.0.0.1:" + node.port();
    }

    /** A visitor's GET through the node. */
    public HttpResponse<String> get(String path) {
        return TestClient.get(node.url(path));
    }

    /** Fetches {@code path} until it is stored: a MISS, then a HIT from the same origin fetch. */
    public void cache(String path) {
        get(path);
        assertThat(TestClient.cacheStatus(get(path))).as("second GET of %s", path).isEqualTo("HIT");
    }

    @Override
    public void close() {
        node.close();
        origin.close();
    }
}
