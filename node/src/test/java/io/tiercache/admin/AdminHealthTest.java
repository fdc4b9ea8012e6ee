package io.tiercache.admin;

import io.tiercache.config.ConfigOverride;
import io.tiercache.testing.Ports;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health and readiness on the admin port of a real node; the last test shuts the node down. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminHealthTest {

    static TestOrigin origin;
    static TestNode node;
    static CompletableFuture<Void> closing;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        // A drain delay, as in production: /ready says 503 for that long before anything closes, so the
        // test sees it however slowly a loaded machine schedules its polls.
        int clusterPort = Ports.free();
        node = TestNode.member(origin, "", "health-" + clusterPort, clusterPort, "127.0.0.1:" + clusterPort, "node-1",
                new ConfigOverride("node.drain-delay", "3s", "test"));
    }

    @AfterAll
    static void stop() {
        if (closing == null) {
            node.close();
        } else {
            closing.join();
        }
        origin.close();
    }

    @Test
    @Order(1)
    void healthSaysAlive() {
        HttpResponse<String> health = get(node.adminUrl("/health"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(header(health, "Content-Type")).isEqualTo("application/json");
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("alive");
    }

    @Test
    @Order(1)
    void readySaysReadyOnceStarted() {
        HttpResponse<String> ready = get(node.adminUrl("/ready"));

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("ready");
    }

    @Test
    @Order(1)
    void otherMethodOnAKnownPathIs405AndUnknownPathIs404() {
        assertThat(send("POST", node.adminUrl("/health"), "").statusCode()).isEqualTo(405);
        assertThat(get(node.adminUrl("/nothing-here")).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void readySays503AsSoonAsCloseBegins() {
        closing = CompletableFuture.runAsync(node::close);

        // The admin port closes last, so it is still there to say "not ready" while the node drains.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
                .until(() -> get(node.adminUrl("/ready")).statusCode() == 503);
        assertThat(node.node().readiness().phase()).isEqualTo(Readiness.Phase.DRAINING);
    }
}
