package io.tiercache.cluster;

import io.tiercache.store.PreparedResponse;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Refresh without stampedes, with three real Hazelcast members in this JVM. */
class ClusterRefreshTest {

    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        nodes = TestNode.cluster(3, origin, """
                cache:
                  lock-timeout: 5s
                  lock-age: 3s
                routes:
                  - name: pages
                    match: {prefix: /}
                    stale-if-error: 1h
                    force-refresh-header: X-Refresh
                admin:
                  purge-token: test-token
                """);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("concurrent misses for one key on three nodes reach the origin once")
    void concurrentMissesAcrossNodesReachTheOriginOnce() {
        origin.on("/coalesce/cold", Reply.ok().cacheControl("max-age=60").delay(500).body(n -> "fill " + n));

        List<HttpResponse<String>> responses = concurrently(90, i -> nodes.get(i % 3).url("/coalesce/cold"));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("fill 1");
        });
        assertThat(origin.hits("/coalesce/cold")).isEqualTo(1);
        assertThat(responses).filteredOn(response -> cacheStatus(response).equals("MISS")).hasSize(1);
    }

    @Test
    @DisplayName("an expired entry inside stale-while-revalidate is served at once on every node while one refresh runs")
    void staleWhileRevalidateServesEveryoneAndRefreshesOnce() {
        origin.on("/swr/page", Reply.ok().header("Cache-Control", n -> n == 1 ? "max-age=1, stale-while-revalidate=60"
                : "max-age=60").delay(1000).body(n -> "version " + n));
        fetch(nodes.get(0), "/swr/page");
        // The clock jumps where real time would have let the first fill finish: a stale request that finds
        // the fill which brought its copy still in flight chains a refresh after it, and says STALE too.
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).node().metrics().find("tiercache.fills.in.flight")
                .gauge().value() == 0);
        origin.clock().advance(Duration.ofMillis(1100));
        assertThat(cacheStatus(fetch(nodes.get(1), "/swr/page"))).isEqualTo("STALE");

        List<HttpResponse<String>> duringRefresh = concurrently(30, i -> nodes.get(i % 3).url("/swr/page"));

        assertThat(duringRefresh).allSatisfy(response -> {
            assertThat(response.body()).isEqualTo("version 1");
            assertThat(cacheStatus(response)).isIn("STALE", "UPDATING");
        });
        // STALE is a request that started a refresh of its own (a lease claim, a cluster round trip). The
        // node that refreshes has one running; each other node asks the cluster once, its refresh then waits
        // on the lease, and every later stale request there joins it (UPDATING) without asking again.
        assertThat(duringRefresh).filteredOn(response -> cacheStatus(response).equals("STALE"))
                .hasSizeLessThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(fetch(nodes.get(2), "/swr/page").body()).isEqualTo("version 2"));
        assertThat(origin.hits("/swr/page")).isEqualTo(2);
    }

    @Test
    @DisplayName("an expired entry with an ETag is revalidated with If-None-Match and freshened by a 304")
    void conditionalRevalidationFreshensWithoutRefetchingTheBody() {
        origin.handle("/revalidate/etag", request -> {
            if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
                request.response().setStatusCode(304).putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "max-age=1").end();
            } else {
                request.response().putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "max-age=1").end("the body");
            }
        });
        fetchStored(nodes.get(0), "/revalidate/etag");
        origin.clock().advance(Duration.ofMillis(1100));

        HttpResponse<String> revalidated = fetch(nodes.get(1), "/revalidate/etag");

        assertThat(cacheStatus(revalidated)).isEqualTo("REVALIDATED");
        assertThat(revalidated.body()).isEqualTo("the body");
        assertThat(origin.last("/revalidate/etag").headers().get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(cacheStatus(fetch(nodes.get(2), "/revalidate/etag"))).isEqualTo("HIT");
    }

    @Test
    @DisplayName("a stale-while-revalidate refresh sends the stored ETag, and the origin's 304 freshens the copy")
    void staleWhileRevalidateRefreshesConditionally() {
        origin.handle("/swr/etag", request -> {
            if ("\"e1\"".equals(request.getHeader("If-None-Match"))) {
                request.response().setStatusCode(304).putHeader("ETag", "\"e1\"").putHeader("Cache-Control", "max-age=60")
                        .end();
            } else {
                request.response().putHeader("ETag", "\"e1\"")
                        .putHeader("Cache-Control", "max-age=1, stale-while-revalidate=60").end("fetched once");
            }
        });
        fetchStored(nodes.get(0), "/swr/etag");
        origin.clock().advance(Duration.ofMillis(1100));

        assertThat(cacheStatus(fetch(nodes.get(1), "/swr/etag"))).isEqualTo("STALE");

        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/swr/etag") == 2);
        assertThat(origin.last("/swr/etag").headers().get("If-None-Match")).isEqualTo("\"e1\"");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> freshened = fetch(nodes.get(2), "/swr/etag");
            assertThat(cacheStatus(freshened)).isEqualTo("HIT");
            assertThat(freshened.body()).isEqualTo("fetched once");
        });
        assertThat(origin.hits("/swr/etag")).isEqualTo(2);
    }

    @Test
    @DisplayName("when the origin fails, a stored copy inside stale-if-error is served on every node")
    void staleIfErrorCoversAFailingOrigin() {
        origin.on("/sie/page", Reply.ok().cacheControl("max-age=1").body(n -> "good " + n));
        fetchStored(nodes.get(0), "/sie/page");
        origin.on("/sie/page", Reply.status(503).body("down"));
        origin.clock().advance(Duration.ofMillis(1100));

        for (TestNode node : nodes) {
            HttpResponse<String> response = fetch(node, "/sie/page");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("good 1");
            assertThat(cacheStatus(response)).isEqualTo("STALE");
            assertThat(response.headers().firstValue("Cache-Status").orElseThrow()).contains("detail=\"stale-if-error\"");
        }
    }

    @Test
    @DisplayName("a background refresh that fails keeps the stale copy")
    void failedBackgroundRefreshKeepsTheStaleCopy() {
        origin.on("/swr/failing", Reply.ok().cacheControl("max-age=1, stale-while-revalidate=60").body(n -> "kept " + n));
        fetchStored(nodes.get(0), "/swr/failing");
        origin.on("/swr/failing", Reply.status(500).cacheControl("max-age=60").body("error page"));
        origin.clock().advance(Duration.ofMillis(1100));

        assertThat(fetch(nodes.get(0), "/swr/failing").body()).isEqualTo("kept 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/swr/failing") >= 2);

        assertThat(fetch(nodes.get(1), "/swr/failing").body()).isEqualTo("kept 1");
        assertThat(fetch(nodes.get(0), "/swr/failing").body()).isEqualTo("kept 1");
    }

    @Test
    @DisplayName("a response that turns out private releases the waiters, and later requests stop queueing for it")
    void uncacheableResponseReleasesWaitersAndMarksHitForMiss() {
        origin.on("/hfm/private", Reply.ok().cacheControl("private, max-age=60").delay(300).body(n -> "personal " + n));

        List<HttpResponse<String>> first = concurrently(6, i -> nodes.get(i % 3).url("/hfm/private"));
        assertThat(first).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        int afterFirst = origin.hits("/hfm/private");

        List<HttpResponse<String>> later = concurrently(6, i -> nodes.get(i % 3).url("/hfm/private"));

        assertThat(later).allSatisfy(response -> assertThat(cacheStatus(response)).isEqualTo("MISS"));
        assertThat(origin.hits("/hfm/private")).isEqualTo(afterFirst + 6);
        assertThat(nodes.get(0).node().member().hazelcast().getMap(RefreshLease.MAP_NAME).containsKey(
                "http://" + SITE + "/hfm/private")).isTrue();
    }

    @Test
    @DisplayName("the route's force-refresh header with the purge token fetches a fresh copy that replaces the stored one")
    void forcedRefreshReplacesTheStoredCopy() {
        origin.on("/forced/page", Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n));
        for (TestNode node : nodes) {
            fetch(node, "/forced/page");
        }

        HttpResponse<String> wrongToken = fetch(nodes.get(0), "/forced/page", "X-Refresh", "guess");
        HttpResponse<String> forced = fetch(nodes.get(0), "/forced/page", "X-Refresh", "test-token");

        assertThat(wrongToken.body()).isEqualTo("edition 1");
        assertThat(forced.body()).isEqualTo("edition 2");
        assertThat(origin.last("/forced/page").headers().contains("X-Refresh")).isFalse();
        for (TestNode node : nodes) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(fetch(node, "/forced/page").body()).isEqualTo("edition 2"));
        }
        assertThat(origin.hits("/forced/page")).isEqualTo(2);
    }

    /** Behind a load balancer every node sees the site's Host; so do these requests. */
    static final String SITE = "www.example.test";

    /** Fetches through the node and waits for its store: a fill answers its client before the store lands. */
    private static void fetchStored(TestNode node, String path) {
        fetch(node, path);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.node().metrics().find("tiercache.fills.in.flight")
                .gauge().value() == 0);
    }

    private static HttpResponse<String> fetch(TestNode node, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Host";
        all[1] = SITE;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return get(node.url(path), all);
    }

    @Test
    @DisplayName("a new copy stored on one node replaces the still-fresh hot copies on the others")
    void aNewCopyReplacesHotCopiesOnOtherNodes() {
        origin.on("/coherent/page", Reply.ok().cacheControl("max-age=600").body(n -> "copy " + n));
        for (TestNode node : nodes) {
            assertThat(fetch(node, "/coherent/page").body()).isEqualTo("copy 1");
            assertThat(cacheStatus(fetch(node, "/coherent/page"))).isEqualTo("HIT");
        }

        HttpResponse<String> refetched = fetch(nodes.get(0), "/coherent/page", "Cache-Control", "no-cache");

        assertThat(refetched.body()).isEqualTo("copy 2");
        for (TestNode node : nodes) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(fetch(node, "/coherent/page").body()).isEqualTo("copy 2"));
        }
        assertThat(origin.hits("/coherent/page")).isEqualTo(2);
    }

    @Test
    @DisplayName("a node that held a hot copy reads the new one another node stored, before any request asks for it")
    void aReplacedHotCopyIsReadAgain() {
        String path = "/coherent/warm";
        origin.on(path, Reply.ok().cacheControl("max-age=600").body(n -> "copy " + n));
        for (TestNode node : nodes) {
            fetch(node, path);
            await().atMost(Duration.ofSeconds(5)).until(() -> hotBody(node, path) != null);
        }

        assertThat(fetch(nodes.get(0), path, "Cache-Control", "no-cache").body()).isEqualTo("copy 2");

        for (TestNode node : nodes.subList(1, 3)) {
            // No request asks for it here: the notice of the new copy brings it into the hot tier.
            await().atMost(Duration.ofSeconds(5)).until(() -> "copy 2".equals(hotBody(node, path)));
            HttpResponse<String> hit = fetch(node, path);
            assertThat(hit.body()).isEqualTo("copy 2");
            assertThat(cacheStatus(hit)).isEqualTo("HIT");
        }
        assertThat(origin.hits(path)).isEqualTo(2);
    }

    private static String hotBody(TestNode node, String path) {
        PreparedResponse held = node.hotCopy(SITE, path);
        return held == null ? null : held.body().toString();
    }

    private static List<HttpResponse<String>> concurrently(int count, java.util.function.IntFunction<String> urls) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(urls.apply(i))).header("Host", SITE)
                    .timeout(Duration.ofSeconds(30)).build();
            futures.add(TestClient.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
