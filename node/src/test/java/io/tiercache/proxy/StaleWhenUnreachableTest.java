package io.tiercache.proxy;

import io.tiercache.testing.ScriptedOrigin;
import io.tiercache.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.tiercache.testing.ScriptedOrigin.closeAfter;
import static io.tiercache.testing.ScriptedOrigin.raw;
import static io.tiercache.testing.ScriptedOrigin.reset;
import static io.tiercache.testing.ScriptedOrigin.silent;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 §4.2.4: a cache disconnected from the origin may serve a stale stored response, unless
 * the response forbids it; tiercache does within cache.stale-if-unreachable (1h by default) or its
 * route's window.
 */
class StaleWhenUnreachableTest {

    private static final String YAML = """
            origin:
              read-timeout: 1s
            routes:
              - name: short
                match: {prefix: /short/}
                stale-if-unreachable: 30s
              - name: off
                match: {prefix: /off/}
                stale-if-unreachable: 0s
            """;

    static ScriptedOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = ScriptedOrigin.start();
        node = TestNode.start(origin.url(), YAML);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static String ok(String cacheControl, String body) {
        return "HTTP/1.1 200 OK\r\nCache-Control: " + cacheControl + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /** Stores the path's response, then lets it expire and makes the origin fail as {@code failure} says. */
    private static void storedThenFailing(String path, String cacheControl, ScriptedOrigin.Script failure) {
        origin.on(path, raw(ok(cacheControl, "stored body")));
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("MISS");
        assertThat(node.stored(path)).isNotNull();
        node.makeStale(path);
        origin.on(path, failure);
    }

    private static void assertServedStale(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("stored body");
        assertThat(cacheStatus(response)).isEqualTo("STALE");
        assertThat(header(response, "Cache-Status")).startsWith("tiercache; fwd=stale; ttl=")
                .endsWith("; detail=\"" + detail + "\"");
    }

    @Test
    void servesStaleWhenTheOriginResetsTheConnection() {
        storedThenFailing("/reset", "max-age=60", reset());

        assertServedStale(get(node.url("/reset")), "origin unreachable");
        assertThat(origin.hits("/reset")).isEqualTo(2);
    }

    @Test
    void servesStaleWhenTheOriginClosesBeforeACompleteHead() {
        storedThenFailing("/closed", "max-age=60", closeAfter("HTTP/1.1 200 OK\r\nCache-Con"));

        assertServedStale(get(node.url("/closed")), "origin unreachable");
    }

    @Test
    void servesStaleWhenTheOriginClosesWithoutAnswering() {
        storedThenFailing("/no-answer", "max-age=60", closeAfter(""));

        assertServedStale(get(node.url("/no-answer")), "origin unreachable");
    }

    @Test
    void servesStaleWhenTheOriginTimesOut() {
        storedThenFailing("/silent", "max-age=60", silent());

        assertServedStale(get(node.url("/silent")), "origin timeout");
    }

    @Test
    void servesStaleWhenTheOriginRefusesConnections() {
        storedThenFailing("/refused", "max-age=60", raw(ok("max-age=60", "new body")));
        origin.refuseConnections();
        try {
            assertServedStale(get(node.url("/refused")), "origin unreachable");
        } finally {
            origin.acceptConnections();
        }
    }

    // RFC 9111 §4.2.4: must-revalidate, proxy-revalidate, no-cache and s-maxage forbid serving stale
    @Test
    void doesNotServeStaleThatTheResponseForbids() {
        for (String forbidding : new String[] {"max-age=60, must-revalidate", "max-age=60, proxy-revalidate",
                "s-maxage=60"}) {
            String path = "/forbidden/" + forbidding.replaceAll("[^a-z]", "");
            storedThenFailing(path, forbidding, reset());

            HttpResponse<String> response = get(node.url(path));

            assertThat(response.statusCode()).as(forbidding).isEqualTo(502);
            assertThat(cacheStatus(response)).as(forbidding).isEqualTo("EXPIRED");
        }
    }

    // RFC 9111 §4.2.4: a response with no-cache needs a validation the origin cannot give
    @Test
    void doesNotServeANoCacheResponseWithoutTheOrigin() {
        origin.on("/no-cache", raw("HTTP/1.1 200 OK\r\nCache-Control: no-cache\r\nETag: \"a\"\r\n"
                + "Content-Length: 11\r\n\r\nstored body"));
        get(node.url("/no-cache"));
        assertThat(node.stored("/no-cache")).isNotNull();
        origin.on("/no-cache", reset());

        assertThat(get(node.url("/no-cache")).statusCode()).isEqualTo(502);
    }

    @Test
    void servesStaleOnlyWithinTheRoutesWindow() {
        storedThenFailing("/short/page", "max-age=60", reset());
        assertServedStale(get(node.url("/short/page")), "origin unreachable");

        node.clock().advance(Duration.ofSeconds(30));

        HttpResponse<String> late = get(node.url("/short/page"));
        assertThat(late.statusCode()).isEqualTo(502);
        assertThat(header(late, "Cache-Status")).isEqualTo("tiercache; fwd=stale; detail=\"origin error\"");
    }

    @Test
    void routeCanTurnItOff() {
        storedThenFailing("/off/page", "max-age=60", reset());

        assertThat(get(node.url("/off/page")).statusCode()).isEqualTo(502);
    }

    // RFC 5861 §4: the origin's stale-if-error still applies as before, and says so
    @Test
    void staleIfErrorStillComesFirst() {
        storedThenFailing("/stale-if-error", "max-age=60, stale-if-error=600", reset());

        assertServedStale(get(node.url("/stale-if-error")), "stale-if-error");
    }

    // RFC 9111 §4.2.4: an answer from the origin, even an error, is not disconnection
    @Test
    void anErrorStatusFromTheOriginIsPassedOn() {
        storedThenFailing("/error-status", "max-age=60",
                raw("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\ndown"));

        HttpResponse<String> response = get(node.url("/error-status"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("down");
    }

    // RFC 9111 §4.2.4: the shared map keeps an expired entry for the window (1h by default)
    @Test
    void keepsExpiredEntriesForTheWindow() {
        origin.on("/kept", raw(ok("max-age=60", "stored body")));
        get(node.url("/kept"));

        long ttl = node.node().member().entries().getEntryView(node.key("/kept")).getTtl();

        assertThat(ttl).isBetween(60_000L + 3_600_000L - 2_000L, 60_000L + 3_600_000L);
    }
}
