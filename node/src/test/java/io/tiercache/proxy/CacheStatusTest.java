package io.tiercache.proxy;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every response says what the cache did: X-Cache-Status (nginx's values), Cache-Status (RFC 9211)
 * and Via.
 */
class CacheStatusTest {

    private static final String YAML = """
            routes:
              - name: swr
                match: {prefix: /swr/}
                stale-while-revalidate: 30s
            """;

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, YAML);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static void assertStatus(HttpResponse<String> response, String xCacheStatus, String cacheStatusPattern) {
        assertThat(cacheStatus(response)).isEqualTo(xCacheStatus);
        assertThat(response.headers().allValues("Cache-Status")).hasSize(1);
        assertThat(header(response, "Cache-Status")).matches(cacheStatusPattern);
        assertThat(response.headers().allValues("Via")).containsExactly("1.1 tiercache");
    }

    @Test
    void missIsReportedAsAForwardedUriMissThatWasStored() {
        origin.on("/status/miss", Reply.ok().cacheControl("max-age=60"));

        assertStatus(get(node.url("/status/miss")), "MISS", "tiercache; fwd=uri-miss; fwd-status=200; stored");
    }

    @Test
    void hitIsReportedWithTheFreshnessLeft() {
        origin.on("/status/hit", Reply.ok().cacheControl("max-age=60"));
        get(node.url("/status/hit"));
        await().atMost(Duration.ofSeconds(2)).until(() -> node.stored("/status/hit") != null);

        assertStatus(get(node.url("/status/hit")), "HIT", "tiercache; hit; ttl=(59|60)");
    }

    @Test
    void expiredIsReportedAsAForwardedStaleEntryThatWasReplaced() {
        origin.on("/status/expired", Reply.ok().cacheControl("max-age=1").header("ETag", "\"v1\""));
        get(node.url("/status/expired"));
        node.makeStale("/status/expired");

        HttpResponse<String> expired = get(node.url("/status/expired"));

        assertStatus(expired, "EXPIRED", "tiercache; fwd=stale; fwd-status=200; stored");
        assertThat(expired.body()).isEqualTo("body #2");
    }

    @Test
    void revalidatedIsReportedAsAForwardedStaleEntryConfirmedBy304() {
        origin.onRevalidating("/status/revalidated", "\"v1\"", "max-age=60");
        get(node.url("/status/revalidated"));

        HttpResponse<String> revalidated = get(node.url("/status/revalidated"), "Cache-Control", "no-cache");

        assertStatus(revalidated, "REVALIDATED", "tiercache; fwd=stale; fwd-status=304; stored; ttl=(59|60)");
        assertThat(revalidated.body()).isEqualTo("body #1");
    }

    @Test
    void staleServedForMaxStaleIsReportedAsAHitWithNegativeTtl() {
        origin.on("/status/max-stale", Reply.ok().cacheControl("max-age=1").header("ETag", "\"v1\""));
        get(node.url("/status/max-stale"));
        node.makeStale("/status/max-stale");

        HttpResponse<String> stale = get(node.url("/status/max-stale"), "Cache-Control", "max-stale");

        assertStatus(stale, "STALE", "tiercache; hit; ttl=(0|-\\d+); detail=\"max-stale\"");
        assertThat(stale.body()).isEqualTo("body #1");
    }

    @Test
    void staleWhileRevalidateServesTheStaleCopyAndRefreshesBehindIt() {
        origin.on("/swr/page", Reply.ok().cacheControl("max-age=1"));
        get(node.url("/swr/page"));
        node.makeStale("/swr/page");

        HttpResponse<String> stale = get(node.url("/swr/page"));

        assertStatus(stale, "STALE", "tiercache; hit; ttl=(0|-\\d+); detail=\"stale-while-revalidate\"");
        assertThat(stale.body()).isEqualTo("body #1");
        await().atMost(Duration.ofSeconds(3)).until(() -> origin.hits("/swr/page") == 2);
        await().atMost(Duration.ofSeconds(3)).until(() -> get(node.url("/swr/page")).body().equals("body #2"));
    }

    @Test
    void bypassIsReportedWithItsReason() {
        origin.on("/status/bypass", Reply.ok().cacheControl("max-age=60"));

        assertStatus(get(node.url("/status/bypass"), "Authorization", "Bearer alice"), "BYPASS",
                "tiercache; fwd=bypass; fwd-status=200; detail=\"header Authorization\"");
    }

    @Test
    void originFailureIsReportedOnTheSyntheticAnswer() {
        origin.handle("/status/broken", request -> request.connection().close());

        HttpResponse<String> failed = get(node.url("/status/broken"));

        assertThat(failed.statusCode()).isEqualTo(502);
        assertStatus(failed, "MISS", "tiercache; fwd=uri-miss; detail=\"origin error\"");
    }

    @Test
    void upstreamCacheEntriesAreKeptAndThisCacheIsAddedLast() {
        origin.on("/status/upstream", Reply.ok().cacheControl("max-age=60")
                .header("Cache-Status", "upstream; hit").header("Via", "1.1 upstream")
                .header("X-Cache-Status", "HIT"));

        HttpResponse<String> miss = get(node.url("/status/upstream"));
        HttpResponse<String> hit = get(node.url("/status/upstream"));

        for (HttpResponse<String> response : List.of(miss, hit)) {
            assertThat(response.headers().allValues("Cache-Status")).hasSize(2);
            assertThat(response.headers().allValues("Cache-Status").get(0)).isEqualTo("upstream; hit");
            assertThat(response.headers().allValues("Cache-Status").get(1)).startsWith("tiercache; ");
            assertThat(response.headers().allValues("Via")).containsExactly("1.1 upstream", "1.1 tiercache");
            assertThat(response.headers().allValues("X-Cache-Status")).hasSize(1);
        }
        assertThat(cacheStatus(miss)).isEqualTo("MISS");
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
    }
}
