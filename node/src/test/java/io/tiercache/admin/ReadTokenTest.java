package io.tiercache.admin;

import io.tiercache.testing.Ports;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code admin.read-token}, GET /stats, GET /metrics and the dashboard's figures need a bearer token (the read token or
 * the purge token); health and readiness stay open for probes. Without it, everything reads as before.
 */
class ReadTokenTest {

    private static final String READ_TOKEN = "r3ad-only";
    private static final String PURGE_TOKEN = "purge-s3cret";

    static TestOrigin origin;
    static TestNode guarded;
    static TestNode open;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        guarded = TestNode.start(origin, "admin: {read-token: " + READ_TOKEN + ", purge-token: " + PURGE_TOKEN + "}");
        int clusterPort = Ports.free();
        open = TestNode.member(origin, "", "open-" + clusterPort, clusterPort, "127.0.0.1:" + clusterPort, "open-node");
    }

    @AfterAll
    static void stop() {
        guarded.close();
        open.close();
        origin.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/stats", "/metrics", "/dashboard/events", "/dashboard/log", "/inspect?url=/x"})
    void readsWithoutATokenAre401(String path) {
        HttpResponse<String> refused = get(guarded.adminUrl(path));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(header(refused, "WWW-Authenticate")).isEqualTo("Bearer realm=\"tiercache\"");
        assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("needs Authorization: Bearer <read token>");
        assertThat(get(guarded.adminUrl(path), "Authorization", "Basic cmVhZDpvbmx5").statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/stats", "/metrics", "/dashboard/events", "/dashboard/log", "/inspect?url=/x"})
    void readsWithAWrongTokenAre403(String path) {
        HttpResponse<String> refused = get(guarded.adminUrl(path), "Authorization", "Bearer r3ad-onlx");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("tiercache_requests");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {READ_TOKEN, PURGE_TOKEN})
    void theReadTokenOrThePurgeTokenReads(String token) {
        HttpResponse<String> stats = get(guarded.adminUrl("/stats"), "Authorization", "Bearer " + token);
        HttpResponse<String> metrics = get(guarded.adminUrl("/metrics"), "Authorization", "Bearer " + token);

        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(stats.body()).getString("node")).isNotBlank();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("tiercache_");
        assertThat(get(guarded.adminUrl("/inspect?url=/x"), "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void theDashboardPageItselfHoldsNoFiguresAndNeedsNoToken() {
        HttpResponse<String> page = get(guarded.adminUrl("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("tiercache_requests");
    }

    @Test
    void theReadTokenDoesNotPurge() {
        HttpResponse<String> purge = TestClient.send("POST", guarded.adminUrl("/purge"),
                "{\"tags\": [\"x\"]}", "Authorization", "Bearer " + READ_TOKEN);

        assertThat(purge.statusCode()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/ready"})
    void probesNeedNoToken(String path) {
        assertThat(get(guarded.adminUrl(path)).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/stats", "/metrics"})
    void withoutAReadTokenReadsAreOpen(String path) {
        assertThat(get(open.adminUrl(path)).statusCode()).isEqualTo(200);
    }
}
