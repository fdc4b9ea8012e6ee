package io.tiercache.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.tiercache.config.ConfigOverride;
import io.tiercache.testing.Ports;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code cache.status-detail: minimal}: clients are not told which route, header or cookie decided,
 * only what happened; the access log keeps the whole entry.
 */
class StatusDetailTest {

    private static final String YAML = """
            cache:
              status-detail: minimal
            routes:
              - name: internal-api
                match: {prefix: /internal/}
                cache: false
              - name: pages
                match: {prefix: /}
                bypass: {headers: [Authorization], cookies: [wp_session]}
            """;

    static TestOrigin origin;
    static TestNode node;
    static Logger accessLogger;
    static Path accessLog;

    @BeforeAll
    static void start() throws IOException {
        accessLogger = (Logger) LoggerFactory.getLogger("tiercache.access");
        accessLogger.setLevel(Level.INFO);
        accessLog = Files.createTempFile("status-detail", ".log");
        origin = TestOrigin.start();
        int clusterPort = Ports.free();
        node = TestNode.member(origin, YAML, "status-detail-" + clusterPort, clusterPort, "127.0.0.1:" + clusterPort,
                "node-1", new ConfigOverride("node.access-log", "text", "test"),
                new ConfigOverride("node.access-log-file", accessLog.toString(), "test"));
    }

    @AfterAll
    static void stop() throws IOException {
        node.close();
        origin.close();
        accessLogger.setLevel(Level.OFF);
        Files.deleteIfExists(accessLog);
    }

    private static String get(String target, String... headerLines) {
        return RawHttp.get(node.port(), target, headerLines);
    }

    @Test
    void aBypassDoesNotNameTheCookieOrTheRoute() {
        origin.on("/me", Reply.ok().cacheControl("max-age=60"));
        origin.on("/internal/users", Reply.ok());

        String cookie = get("/me", "Cookie: wp_session=1");
        String route = get("/internal/users");

        assertThat(RawHttp.header(cookie, "X-Cache-Status")).isEqualTo("BYPASS");
        assertThat(RawHttp.header(cookie, "Cache-Status")).isEqualTo("tiercache; fwd=bypass; fwd-status=200");
        assertThat(RawHttp.header(route, "Cache-Status")).isEqualTo("tiercache; fwd=bypass; fwd-status=200");
    }

    @Test
    void aResponseNotStoredDoesNotSayWhy() {
        origin.on("/sets-cookie", Reply.ok().cacheControl("max-age=60").header("Set-Cookie", "a=1"));

        assertThat(RawHttp.header(get("/sets-cookie"), "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; fwd-status=200");
    }

    @Test
    void missesAndHitsSayWhatTheyAlwaysSaid() {
        origin.on("/plain", Reply.ok().cacheControl("max-age=60"));

        String miss = get("/plain");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/plain") != null);
        String hit = get("/plain");

        assertThat(RawHttp.header(miss, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; stored");
        // The origin's Date is in whole seconds and a loaded machine may take a second more: the form is what is pinned.
        assertThat(RawHttp.header(hit, "Cache-Status")).matches("tiercache; hit; ttl=(5[0-9]|60)");
    }

    @Test
    void aStaleAnswerDoesNotSayWhyOnEitherPath() {
        java.util.concurrent.CompletableFuture<Void> release = origin.holdAfter("/stale", 1,
                "max-age=1, stale-while-revalidate=600");
        get("/stale");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().store().hasHotCopy(node.key("/stale")));
        node.makeStale("/stale");
        double fastBefore = node.node().registry().get("tiercache.fast.hits").counter().count();

        String startsRefresh = get("/stale");
        String updating = get("/stale");

        // The first answer comes from the full path, the second from below Vert.x: neither names the rule.
        assertThat(node.node().registry().get("tiercache.fast.hits").counter().count()).isEqualTo(fastBefore + 1);
        assertThat(RawHttp.header(startsRefresh, "X-Cache-Status")).isEqualTo("STALE");
        assertThat(RawHttp.header(updating, "X-Cache-Status")).isEqualTo("UPDATING");
        assertThat(RawHttp.header(startsRefresh, "Cache-Status")).matches("tiercache; hit; ttl=-\\d+");
        assertThat(RawHttp.header(updating, "Cache-Status")).matches("tiercache; hit; ttl=-\\d+");
        release.complete(null);
    }

    @Test
    void theAccessLogKeepsTheDetail() {
        origin.on("/logged", Reply.ok().cacheControl("max-age=60"));

        get("/logged", "Cookie: wp_session=1");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(accessLog).stream()
                .anyMatch(line -> line.contains("\"GET /logged\"") && line.contains("detail=\"cookie wp_session\"")));
    }
}
