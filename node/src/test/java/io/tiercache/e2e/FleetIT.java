package io.tiercache.e2e;

import io.tiercache.testing.LoadBalancer;
import io.tiercache.testing.NodeProcess;
import io.tiercache.testing.Reply;
import io.tiercache.testing.SteadyLoad;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operating a fleet, end to end: three node processes behind a real HAProxy (configured like
 * deploy/local), under a steady load of requests for cached pages, while nodes are killed,
 * restarted one by one and added.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    static final String SITE = "fleet.example.test";
    static final List<String> PATHS = new ArrayList<>();
    static TestOrigin origin;
    static Path config;
    static List<NodeProcess> nodes;
    static LoadBalancer balancer;
    static String clusterName;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(LoadBalancer.available(),
                "HAProxy is not installed, so the fleet tests are skipped (apt-get install haproxy; .ci/run installs it)");
        origin = TestOrigin.start();
        for (int i = 0; i < 30; i++) {
            String path = "/fleet/page-" + i;
            PATHS.add(path);
            origin.on(path, Reply.ok().cacheControl("max-age=3600").body("page " + i));
        }
        config = Files.createTempFile("fleet-it", ".yaml");
        Files.writeString(config, """
                node:
                  drain-delay: 1500ms
                  access-log: off
                cache:
                  shared-size: %s
                """.formatted(NodeProcess.FITTING_SHARED_SIZE));
        clusterName = "fleet-it-" + origin.port();
        nodes = NodeProcess.plan(3, origin.url(), clusterName, config);
        nodes.forEach(NodeProcess::start);
        balancer = LoadBalancer.start(nodes, clusterName);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestClient.get(balancer.url("/fleet/page-0"), "Host", SITE)
                .statusCode() == 200);
        for (String path : PATHS) {
            for (int i = 0; i < 3; i++) {
                TestClient.get(balancer.url(path), "Host", SITE);
            }
        }
        assertThat(PATHS).allSatisfy(path -> assertThat(origin.hits(path)).isEqualTo(1));
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
        if (nodes != null) {
            nodes.forEach(NodeProcess::close);
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("kill -9 of one node under load: no cached entry is refetched and no client sees an error")
    void killingANodeLosesNoEntryAndNoRequest() {
        NodeProcess victim = nodes.get(2);
        long killedAt;
        try (SteadyLoad load = new SteadyLoad(balancer.url(""), SITE, PATHS, 8)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.requests() > 300);
            long before = load.requests();
            killedAt = System.nanoTime();
            victim.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.requests() > before + 3000);
            load.close();
            System.out.printf("[measured] kill -9 under load: %d requests, %d failed, statuses %s, origin fetches for "
                            + "cached pages after the kill: %d%n", load.requests(), load.failures().size(), load.statuses(),
                    PATHS.stream().mapToInt(origin::hits).sum() - PATHS.size());
            assertThat(load.failures()).isEmpty();
        }
        assertThat(PATHS).allSatisfy(path -> assertThat(origin.hits(path)).as(path).isEqualTo(1));
        long restart = System.nanoTime();
        victim.start();
        System.out.printf("[measured] killed node back and ready %d ms after restart (%d ms after the kill)%n",
                (System.nanoTime() - restart) / 1_000_000, (System.nanoTime() - killedAt) / 1_000_000);
    }

    @Test
    @Order(2)
    @DisplayName("a rolling restart under load fails no request and refetches nothing")
    void rollingRestartFailsNoRequest() {
        try (SteadyLoad load = new SteadyLoad(balancer.url(""), SITE, PATHS, 8)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.requests() > 300);
            for (NodeProcess node : nodes) {
                Duration exit = node.terminate();
                System.out.printf("[measured] %s exited %d ms after SIGTERM (exit status %d)%n", node.name(),
                        exit.toMillis(), node.exitCode());
                assertThat(exit).isLessThan(Duration.ofSeconds(30));
                node.start();
                long requestsBack = load.requests();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.requests() > requestsBack + 500);
            }
            load.close();
            System.out.printf("[measured] rolling restart of 3 nodes under load: %d requests, %d failed, statuses %s%n",
                    load.requests(), load.failures().size(), load.statuses());
            assertThat(load.failures()).isEmpty();
        }
        assertThat(PATHS).allSatisfy(path -> assertThat(origin.hits(path)).as(path).isEqualTo(1));
    }

    @Test
    @Order(3)
    @DisplayName("a node that joins a warm cluster serves hits for existing keys at once")
    void aJoiningNodeIsWarm() {
        try (NodeProcess joiner = NodeProcess.planJoining("e2e-4", nodes, origin.url(), clusterName, config).start()) {
            for (String path : PATHS) {
                HttpResponse<String> response = TestClient.get(joiner.url(path), "Host", SITE);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(cacheStatus(response)).as(path).isEqualTo("HIT");
            }
            assertThat(metric(joiner, "tiercache_cluster_members")).isEqualTo(4.0);
            joiner.terminate();
        }
        assertThat(PATHS).allSatisfy(path -> assertThat(origin.hits(path)).as(path).isEqualTo(1));
    }

    @Test
    @Order(4)
    @DisplayName("metrics counters move as requests are served")
    void metricsCountersMove() {
        NodeProcess node = nodes.get(0);
        double hitsBefore = metric(node, "tiercache_requests_total{route=\"default\",status=\"HIT\"}");
        double missesBefore = metric(node, "tiercache_requests_total{route=\"default\",status=\"MISS\"}");
        origin.on("/fleet/fresh-metric", Reply.ok().cacheControl("max-age=60"));

        TestClient.get(node.url("/fleet/fresh-metric"), "Host", SITE);
        for (int i = 0; i < 10; i++) {
            TestClient.get(node.url("/fleet/page-1"), "Host", SITE);
        }

        assertThat(metric(node, "tiercache_requests_total{route=\"default\",status=\"HIT\"}")).isEqualTo(hitsBefore + 10);
        assertThat(metric(node, "tiercache_requests_total{route=\"default\",status=\"MISS\"}")).isEqualTo(missesBefore + 1);
        assertThat(metric(node, "tiercache_origin_response_seconds_count")).isGreaterThanOrEqualTo(1.0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric(node, "tiercache_cluster_members")).isEqualTo(3.0));
        assertThat(metric(node, "tiercache_hot_entries")).isGreaterThan(0.0);
    }

    /** A sample from the node's /metrics, or 0 when it has not been written yet. */
    private static double metric(NodeProcess node, String series) {
        String body = TestClient.get(node.adminUrl("/metrics")).body();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }
}
