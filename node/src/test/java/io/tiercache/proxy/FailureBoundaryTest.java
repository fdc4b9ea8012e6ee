package io.tiercache.proxy;

import io.tiercache.cluster.RefreshLease;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure in any step of a request or a fill ends in an answer (a 5xx with a short body, or the
 * stale copy where stale-if-error allows), a completed fill, a lease released at once and a next
 * request that goes through without waiting for lock-timeout. Each step is made to fail with a
 * {@link StepProbe} that throws once.
 */
class FailureBoundaryTest {

    private static final String SITE = "failures.example.test";

    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        // A lock timeout far longer than the test: a key left registered or leased would make the next request wait it.
        nodes = TestNode.cluster(2, origin, """
                cache:
                  lock-timeout: 60s
                  lock-age: 60s
                routes:
                  - name: covered
                    match: {prefix: /covered/}
                    stale-if-error: 1h
                """);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @AfterEach
    void noProbe() {
        nodes.forEach(node -> node.node().proxy().probe(StepProbe.NONE));
    }

    @ParameterizedTest(name = "fill step {0}")
    @EnumSource(value = Fill.Step.class, names = {"LEASE", "LOOK_AGAIN", "FETCH", "HEAD", "BODY"})
    @DisplayName("a fill that fails in any step answers 500, completes, releases its lease and lets the next request through")
    void fillStepFailure(Fill.Step step) {
        String path = "/fill/" + step.name().toLowerCase();
        origin.on(path, Reply.ok().cacheControl("max-age=600").body("the page"));
        failOnce(nodes.get(0), step);

        HttpResponse<String> failed = fetch(nodes.get(0), path);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("500 Internal Server Error\n");
        assertSettled(path);
    }

    @Test
    @DisplayName("a fill that fails while storing has sent its visitor the whole response; the key is left unstored")
    void storeStepFailure() {
        origin.on("/fill/store", Reply.ok().cacheControl("max-age=600").body("the page"));
        failOnce(nodes.get(0), Fill.Step.STORE);

        HttpResponse<String> relayed = fetch(nodes.get(0), "/fill/store");

        assertThat(relayed.statusCode()).isEqualTo(200);
        assertThat(relayed.body()).isEqualTo("the page");
        assertSettled("/fill/store");
        assertThat(origin.hits("/fill/store")).isEqualTo(2);
    }

    @ParameterizedTest(name = "request step {0}")
    @EnumSource(value = CacheRequest.Step.class, names = {"RECV", "LOOKUP", "LOOKUP_SHARED", "FILL", "STREAM", "DELIVER"})
    @DisplayName("a request that fails in any step answers 500 and leaves nothing behind")
    void requestStepFailure(CacheRequest.Step step) {
        String path = "/request/" + step.name().toLowerCase();
        origin.on(path, Reply.ok().cacheControl("max-age=600").body("the page"));
        if (step == CacheRequest.Step.DELIVER) {
            fetch(nodes.get(0), path);
        }
        failOnce(nodes.get(0), step);

        HttpResponse<String> failed = fetch(nodes.get(0), path);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("500 Internal Server Error\n");
        assertSettled(path);
    }

    @Test
    @DisplayName("a pass that fails in its step answers 500")
    void passStepFailure() {
        origin.on("/pass/failing", Reply.ok().body("passed"));
        failOnce(nodes.get(0), CacheRequest.Step.PASS);

        HttpResponse<String> failed = io.tiercache.testing.TestClient.send("POST", nodes.get(0).url("/pass/failing"),
                "x", "Host", SITE);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(io.tiercache.testing.TestClient.send("POST", nodes.get(0).url("/pass/failing"), "x", "Host", SITE)
                .body()).isEqualTo("passed");
    }

    @Test
    @DisplayName("a revalidation that fails serves the stale copy where stale-if-error allows, and releases its lease")
    void failedRevalidationServesStaleWhereAllowed() {
        origin.onRevalidating("/covered/page", "\"v1\"", "max-age=1");
        fetch(nodes.get(0), "/covered/page");
        origin.clock().advance(Duration.ofSeconds(2));
        failOnce(nodes.get(0), Fill.Step.REVALIDATE);

        HttpResponse<String> stale = fetch(nodes.get(0), "/covered/page");

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(stale)).as(stale.headers().map().toString()).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("body #1");
        assertSettled("/covered/page");
    }

    @Test
    @DisplayName("a request waiting on another node's lease that fails there answers 500; the holder's fetch goes on")
    void failureWhileWaitingForAnotherNodesLease() {
        origin.on("/wait/page", Reply.ok().cacheControl("max-age=600").delay(1500).body("slow page"));
        var holder = io.tiercache.testing.TestClient.client().sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(nodes.get(1).url("/wait/page"))).header("Host", SITE).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/wait/page") == 1);
        failOnce(nodes.get(0), Fill.Step.WAIT_LEASE);

        HttpResponse<String> failed = fetch(nodes.get(0), "/wait/page");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(holder.join().body()).isEqualTo("slow page");
        assertThat(fetch(nodes.get(0), "/wait/page").body()).isEqualTo("slow page");
        assertThat(origin.hits("/wait/page")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(1)).until(() -> fillsInFlight(nodes.get(0)) == 0);
    }

    @Test
    @DisplayName("a background refresh that fails while storing keeps the stale copy and lets the next refresh run")
    void backgroundRefreshFailingInStore() {
        origin.on("/swr/page", Reply.ok().cacheControl("max-age=1, stale-while-revalidate=600").body(n -> "edition " + n));
        fetch(nodes.get(0), "/swr/page");
        origin.clock().advance(Duration.ofSeconds(2));
        AtomicBoolean thrown = failOnce(nodes.get(0), Fill.Step.STORE);

        HttpResponse<String> stale = fetch(nodes.get(0), "/swr/page");

        assertThat(cacheStatus(stale)).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("edition 1");
        await().atMost(Duration.ofSeconds(5)).untilTrue(thrown);
        await().atMost(Duration.ofSeconds(1)).until(() -> fillsInFlight(nodes.get(0)) == 0);
        await().atMost(Duration.ofSeconds(1)).until(() -> !leased("/swr/page"));
        HttpResponse<String> again = fetch(nodes.get(1), "/swr/page");
        assertThat(cacheStatus(again)).as("a new refresh starts at once").isEqualTo("STALE");
        await().atMost(Duration.ofSeconds(5)).until(() -> fetch(nodes.get(0), "/swr/page").body().equals("edition 3"));
    }

    /** The fill completed, the lease is gone within a second, and both nodes answer the next request at once. */
    private static void assertSettled(String path) {
        await().atMost(Duration.ofSeconds(1)).until(() -> fillsInFlight(nodes.get(0)) == 0);
        await().atMost(Duration.ofSeconds(1)).until(() -> !leased(path));
        for (TestNode node : nodes) {
            long started = System.nanoTime();
            HttpResponse<String> next = fetch(node, path);
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        }
    }

    private static boolean leased(String path) {
        return nodes.get(0).node().member().hazelcast().getMap(RefreshLease.MAP_NAME).containsKey("http://" + SITE + path);
    }

    private static double fillsInFlight(TestNode node) {
        return node.node().registry().get("tiercache.fills.in.flight").gauge().value();
    }

    private static AtomicBoolean failOnce(TestNode node, Enum<?> at) {
        AtomicBoolean thrown = new AtomicBoolean();
        node.node().proxy().probe(step -> {
            if (step == at && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in " + at);
            }
        });
        return thrown;
    }

    private static HttpResponse<String> fetch(TestNode node, String path) {
        return get(node.url(path), "Host", SITE);
    }
}
