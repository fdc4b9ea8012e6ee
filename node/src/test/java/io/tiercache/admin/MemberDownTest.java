package io.tiercache.admin;

import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose Hazelcast member stopped without being asked to (Hazelcast terminates it after an
 * OutOfMemoryError) can neither cache nor purge: its health and readiness say so, so that the load
 * balancer takes it out and the orchestrator replaces it.
 */
class MemberDownTest {

    static final String TOKEN = "member-down-token";

    TestOrigin origin;
    TestNode node;

    @BeforeEach
    void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "admin: {purge-token: " + TOKEN + "}");
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("health and readiness answer 503 with the reason once the member is terminated")
    void healthAndReadinessFailWhenTheMemberIsGone() {
        assertThat(get(node.adminUrl("/health")).statusCode()).isEqualTo(200);

        node.node().member().hazelcast().getLifecycleService().terminate();

        HttpResponse<String> health = get(node.adminUrl("/health"));
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("member-down");
        assertThat(new JsonObject(health.body()).getString("reason")).contains("Hazelcast member is not running");
        HttpResponse<String> ready = get(node.adminUrl("/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("member-down");
    }

    @Test
    @DisplayName("a purge on a node whose member is gone answers 503 at once, on the admin API and the PURGE method")
    void purgesFailFastWhenTheMemberIsGone() {
        node.node().member().hazelcast().getLifecycleService().terminate();

        HttpResponse<String> api = send("POST", node.adminUrl("/purge"), "{\"urls\": [\"/a\"]}",
                "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> method = send("PURGE", node.url("/a"), "", "Authorization", "Bearer " + TOKEN);

        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.body()).contains("cluster member is down");
        // The reason comes from the check before publishing, not from a purge that waited out its acks.
        assertThat(method.statusCode()).isEqualTo(503);
        assertThat(method.body()).contains("cluster member is down");
    }

    @Test
    @DisplayName("a node stopping on purpose is draining, not failed")
    void aGracefulStopIsNotAFailure() {
        node.node().readiness().markDraining();
        node.node().member().close();

        assertThat(get(node.adminUrl("/health")).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(node.adminUrl("/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("draining");
    }
}
