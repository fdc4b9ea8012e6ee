package io.tiercache.e2e;

import io.tiercache.testing.NodeProcess;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refresh without stampedes, end to end: three node processes started from the runnable jar on
 * loopback, in front of a slow origin. The numbers it measures are printed for the record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshClusterIT {

    static final String SITE = "shop.example.test";
    static TestOrigin origin;
    static List<NodeProcess> nodes;

    @BeforeAll
    static void start() throws IOException {
        origin = TestOrigin.start();
        Path config = Files.createTempFile("refresh-it", ".yaml");
        Files.writeString(config, """
                cache:
                  shared-size: %s
                  lock-timeout: 10s
                  lock-age: 3s
                routes:
                  - name: pages
                    match: {prefix: /}
                    stale-if-error: 1h
                """.formatted(NodeProcess.FITTING_SHARED_SIZE));
        nodes = NodeProcess.plan(3, origin.url(), "refresh-it-" + origin.port(), config);
        nodes.forEach(NodeProcess::start);
        // One request per node first, so that the measurements are of warm nodes, not of class loading.
        origin.on("/e2e/warm-up", Reply.ok().cacheControl("max-age=1"));
        for (int round = 0; round < 20; round++) {
            nodes.forEach(node -> get(node, "/e2e/warm-up?" + node.name()));
        }
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.forEach(NodeProcess::close);
        }
        origin.close();
    }

    @Test
    @Order(1)
    @DisplayName("300 concurrent requests for a cold key over three nodes reach the origin once")
    void coldKeyReachesTheOriginOnce() {
        origin.on("/e2e/cold", Reply.ok().cacheControl("max-age=300").delay(1000).body(n -> "cold fill " + n));

        List<Timed> responses = concurrently(300, "/e2e/cold");

        assertThat(responses).allSatisfy(timed -> {
            assertThat(timed.response().statusCode()).isEqualTo(200);
            assertThat(timed.response().body()).isEqualTo("cold fill 1");
        });
        assertThat(origin.hits("/e2e/cold")).isEqualTo(1);
        report("cold key, 300 clients over 3 nodes, 1 s origin", responses, origin.hits("/e2e/cold"));
    }

    @Test
    @Order(2)
    @DisplayName("with a 1 s origin and an expired entry inside stale-while-revalidate, no request waits for the origin")
    void staleWhileRevalidateNeverWaits() {
        origin.on("/e2e/swr", Reply.ok().header("Cache-Control", n -> n == 1 ? "max-age=1, stale-while-revalidate=120"
                : "max-age=120").delay(1000).body(n -> "edition " + n));
        origin.on("/e2e/swr-control", Reply.ok().cacheControl("max-age=300").body("control"));
        get(nodes.get(0), "/e2e/swr");
        get(nodes.get(0), "/e2e/swr-control");
        for (NodeProcess node : nodes) {
            await().atMost(Duration.ofSeconds(5)).until(() -> cacheStatus(get(node, "/e2e/swr-control")).equals("HIT"));
        }
        // The same 300 concurrent requests for a fresh hit: they open the client's connections (so
        // the measured batch does not time TCP connects) and show what this harness costs by itself.
        List<Timed> hits = concurrently(300, "/e2e/swr-control");
        assertThat(hits).allSatisfy(timed -> assertThat(cacheStatus(timed.response())).isEqualTo("HIT"));
        awaitStale("/e2e/swr");

        List<Timed> responses = concurrently(300, "/e2e/swr");

        // Served from cache, none waiting on the refresh: a request that joined the fetch would say fwd=.
        assertThat(responses).allSatisfy(timed -> {
            assertThat(timed.response().body()).isEqualTo("edition 1");
            assertThat(cacheStatus(timed.response())).isIn("STALE", "UPDATING");
            assertThat(timed.response().headers().firstValue("Cache-Status").orElseThrow()).doesNotContain("fwd=");
        });
        // The client's clock also counts its own connection set-up, which a loaded machine can stretch past the
        // origin's second (a dropped SYN is retried after one): the median is what must stay far below it.
        assertThat(responses.stream().mapToLong(Timed::millis).sorted().toArray()[responses.size() / 2])
                .isLessThan(1000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(nodes.get(2), "/e2e/swr").body()).isEqualTo("edition 2"));
        assertThat(origin.hits("/e2e/swr")).isEqualTo(2);
        report("fresh hits, the same 300 clients (the harness's own cost)", hits, origin.hits("/e2e/swr-control") - 1);
        report("expired entry inside stale-while-revalidate, 300 clients, 1 s origin", responses, origin.hits("/e2e/swr") - 1);
    }

    @Test
    @Order(3)
    @DisplayName("with the origin down, every node serves the stale copy unless the response forbids it (RFC 9111 §4.2.4), and 502 then")
    void originDownServesStaleInsideTheWindowOnly() {
        origin.on("/e2e/down-covered", Reply.ok().cacheControl("max-age=1").body("still here"));
        origin.on("/e2e/down-uncovered", Reply.ok().cacheControl("max-age=1, must-revalidate").body("gone soon"));
        get(nodes.get(0), "/e2e/down-covered");
        get(nodes.get(0), "/e2e/down-uncovered");
        awaitStale("/e2e/down-covered");
        awaitExpired("/e2e/down-uncovered");
        int originPort = origin.port();
        origin.close();
        try {
            for (NodeProcess node : nodes) {
                HttpResponse<String> covered = get(node, "/e2e/down-covered");
                assertThat(covered.statusCode()).isEqualTo(200);
                assertThat(covered.body()).isEqualTo("still here");
                assertThat(cacheStatus(covered)).isEqualTo("STALE");

                HttpResponse<String> uncovered = get(node, "/e2e/down-uncovered");
                assertThat(uncovered.statusCode()).isEqualTo(502);
                assertThat(uncovered.body()).contains("origin could not be reached");
            }
        } finally {
            origin = TestOrigin.startOn(originPort, origin.clock());
        }
    }

    @Test
    @Order(4)
    @DisplayName("killing the lease holder mid-fetch lets another node finish")
    void killingTheLeaseHolderLetsAnotherNodeFinish() {
        origin.on("/e2e/holder", Reply.ok().cacheControl("max-age=300").delay(3000).body(n -> "attempt " + n));
        NodeProcess holder = nodes.get(0);
        CompletableFuture<HttpResponse<String>> first = send(holder, "/e2e/holder");
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/e2e/holder") == 1);
        List<CompletableFuture<HttpResponse<String>>> waiting = List.of(send(nodes.get(1), "/e2e/holder"),
                send(nodes.get(2), "/e2e/holder"));

        long killedAt = System.nanoTime();
        holder.kill();

        List<HttpResponse<String>> answers = waiting.stream().map(CompletableFuture::join).toList();
        long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("attempt 2");
        });
        assertThat(origin.hits("/e2e/holder")).isEqualTo(2);
        assertThat(first).isCompletedExceptionally();
        System.out.printf("[measured] lease holder killed mid-fetch: other nodes answered %d ms after the kill "
                + "(lock-age 3 s, origin 3 s); origin fetches %d%n", recoveredMillis, origin.hits("/e2e/holder"));
    }

    record Timed(HttpResponse<String> response, long millis) {
    }

    private static List<Timed> concurrently(int count, String path) {
        List<CompletableFuture<Timed>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            futures.add(send(nodes.get(i % nodes.size()), path)
                    .thenApply(response -> new Timed(response, (System.nanoTime() - started) / 1_000_000)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static CompletableFuture<HttpResponse<String>> send(NodeProcess node, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url(path))).header("Host", SITE)
                .timeout(Duration.ofSeconds(30)).build();
        return TestClient.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the cache itself holds the stored response as stale: a request that accepts any
     * staleness but forbids forwarding (only-if-cached, max-stale) reads its state without
     * refreshing it.
     */
    private static void awaitStale(String path) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> cacheStatus(
                TestClient.get(nodes.get(0).url(path), "Host", SITE, "Cache-Control", "only-if-cached, max-stale"))
                .equals("STALE"));
    }

    /**
     * Waits until a stored response that may not be served stale (must-revalidate) has expired: a
     * request that forbids forwarding then gets 504 (RFC 9111 §5.2.1.7) instead of the stored copy.
     */
    private static void awaitExpired(String path) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> TestClient.get(
                nodes.get(0).url(path), "Host", SITE, "Cache-Control", "only-if-cached").statusCode() == 504);
    }

    private static HttpResponse<String> get(NodeProcess node, String path) {
        return TestClient.get(node.url(path), "Host", SITE);
    }

    private static void report(String scenario, List<Timed> responses, int originFetches) {
        long[] millis = responses.stream().mapToLong(Timed::millis).sorted().toArray();
        System.out.printf("[measured] %s: origin fetches %d, latency p50 %d ms, p99 %d ms, max %d ms%n", scenario,
                originFetches, millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1],
                Arrays.stream(millis).max().orElse(0));
    }
}
