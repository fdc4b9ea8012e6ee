package io.tiercache.proxy;

import io.tiercache.policy.HttpDate;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How long a real node keeps a response fresh, and the Age it reports (RFC 9111 §4.2). */
class FreshnessTest {

    private static final String YAML = """
            cache:
              heuristic-max: 12h
            routes:
              - name: no-heuristics
                match: {prefix: /no-heuristics/}
                heuristic-freshness: false
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

    @Test
    void sMaxageWinsOverMaxAge() {
        origin.on("/fresh/s-maxage", Reply.ok().cacheControl("max-age=0, s-maxage=60"));

        HttpResponse<String> first = get(node.url("/fresh/s-maxage"));
        HttpResponse<String> second = get(node.url("/fresh/s-maxage"));

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(55L, 60L);
        assertThat(origin.hits("/fresh/s-maxage")).isEqualTo(1);
    }

    @Test
    void maxAgeWinsOverExpires() {
        origin.on("/fresh/max-age", Reply.ok().cacheControl("max-age=60").header("Expires", HttpDate.format(0)));

        get(node.url("/fresh/max-age"));
        HttpResponse<String> second = get(node.url("/fresh/max-age"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(55L, 60L);
        assertThat(origin.hits("/fresh/max-age")).isEqualTo(1);
    }

    @Test
    void expiresMinusDateIsTheLifetime() {
        // Lifetime Expires - Date = 60 s, of which 30 s have passed since Date: 30 s left, not 60.
        long now = System.currentTimeMillis() / 1000;
        origin.on("/fresh/expires", Reply.ok()
                .header("Date", HttpDate.format(now - 30))
                .header("Expires", HttpDate.format(now + 30)));

        get(node.url("/fresh/expires"));
        HttpResponse<String> second = get(node.url("/fresh/expires"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(26L, 30L);
        assertThat(Long.parseLong(header(second, "Age"))).isBetween(30L, 34L);
        assertThat(origin.hits("/fresh/expires")).isEqualTo(1);
    }

    @Test
    void xAccelExpiresWinsOverCacheControl() {
        origin.on("/fresh/x-accel", Reply.ok().cacheControl("max-age=0").header("X-Accel-Expires", "60"));

        get(node.url("/fresh/x-accel"));
        HttpResponse<String> second = get(node.url("/fresh/x-accel"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(55L, 60L);
        assertThat(origin.hits("/fresh/x-accel")).isEqualTo(1);
    }

    @Test
    void xAccelExpiresZeroPreventsStorage() {
        origin.on("/fresh/x-accel-0", Reply.ok().cacheControl("max-age=60").header("X-Accel-Expires", "0"));

        HttpResponse<String> first = get(node.url("/fresh/x-accel-0"));
        HttpResponse<String> second = get(node.url("/fresh/x-accel-0"));

        assertThat(header(first, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"x-accel-expires 0\"");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(node.storedEntry("/fresh/x-accel-0")).isNull();
        assertThat(origin.hits("/fresh/x-accel-0")).isEqualTo(2);
    }

    // RFC 9111 §4.2.2: 10% of the 10 days since Last-Modified, capped by cache.heuristic-max (12h here)
    @Test
    void heuristicFreshnessIsOnByDefault() {
        long tenDaysAgo = origin.clock().millis() / 1000 - 10 * 86_400;
        origin.on("/fresh/last-modified", Reply.ok().header("Last-Modified", HttpDate.format(tenDaysAgo)));

        get(node.url("/fresh/last-modified"));
        HttpResponse<String> second = get(node.url("/fresh/last-modified"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(43_190L, 43_200L);
        assertThat(origin.hits("/fresh/last-modified")).isEqualTo(1);
    }

    // RFC 9111 §4.2.2: 10% of the age since Last-Modified, read in the asctime form (RFC 9110 §5.6.7)
    @Test
    void heuristicFreshnessIsTenPercentOfTheAgeSinceLastModified() {
        long now = origin.clock().millis() / 1000;
        String asctime = java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.US)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(now - 1000));
        origin.on("/fresh/asctime", Reply.ok().header("Last-Modified", asctime));

        get(node.url("/fresh/asctime"));
        HttpResponse<String> second = get(node.url("/fresh/asctime"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(95L, 100L);
    }

    // RFC 9111 §4.2.2: heuristics are optional; a route turns them off
    @Test
    void routeCanTurnHeuristicFreshnessOff() {
        long tenDaysAgo = origin.clock().millis() / 1000 - 10 * 86_400;
        origin.on("/no-heuristics/page", Reply.ok().header("Last-Modified", HttpDate.format(tenDaysAgo)));

        get(node.url("/no-heuristics/page"));
        HttpResponse<String> second = get(node.url("/no-heuristics/page"));

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(node.storedEntry("/no-heuristics/page")).isNull();
        assertThat(origin.hits("/no-heuristics/page")).isEqualTo(2);
    }

    // RFC 9110 §5.6.7: Date and Expires in the obsolete RFC 850 form
    @Test
    void readsExpiresAndDateInTheRfc850Form() {
        java.time.format.DateTimeFormatter rfc850 = java.time.format.DateTimeFormatter
                .ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        java.time.Instant now = java.time.Instant.ofEpochSecond(origin.clock().millis() / 1000);
        origin.on("/fresh/rfc850", Reply.ok().header("Date", rfc850.format(now))
                .header("Expires", rfc850.format(now.plusSeconds(300))));

        get(node.url("/fresh/rfc850"));
        HttpResponse<String> second = get(node.url("/fresh/rfc850"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(ttl(second)).isBetween(295L, 300L);
    }

    // RFC 9111 §5.3: an invalid Expires means already expired; with a validator it is stored and revalidated
    @Test
    void invalidExpiresIsAlreadyExpired() {
        origin.on("/fresh/invalid-expires", Reply.ok().header("Expires", "0").header("ETag", "\"v1\""));

        get(node.url("/fresh/invalid-expires"));
        HttpResponse<String> second = get(node.url("/fresh/invalid-expires"));

        assertThat(cacheStatus(second)).isEqualTo("EXPIRED");
        assertThat(origin.hits("/fresh/invalid-expires")).isEqualTo(2);
        assertThat(origin.last("/fresh/invalid-expires").headers().get("If-None-Match")).isEqualTo("\"v1\"");
    }

    // RFC 9111 §5.2.2.3: no-store with must-understand, for a status whose rules the cache knows
    @Test
    void storesNoStoreWithMustUnderstandForAKnownStatus() {
        origin.on("/fresh/must-understand", Reply.ok().cacheControl("max-age=60, no-store, must-understand"));
        origin.on("/fresh/must-understand-299",
                Reply.status(299).cacheControl("max-age=60, no-store, must-understand"));

        get(node.url("/fresh/must-understand"));
        HttpResponse<String> known = get(node.url("/fresh/must-understand"));
        HttpResponse<String> unknown = get(node.url("/fresh/must-understand-299"));

        assertThat(cacheStatus(known)).isEqualTo("HIT");
        assertThat(cacheStatus(unknown)).isEqualTo("MISS");
        assertThat(header(unknown, "Cache-Status")).contains("detail=\"must-understand status 299\"");
        assertThat(node.storedEntry("/fresh/must-understand-299")).isNull();
    }

    @Test
    void ageIsSentOnHitsAndGrows() {
        origin.on("/age/grows", Reply.ok().cacheControl("max-age=60"));
        get(node.url("/age/grows"));

        long firstAge = age(get(node.url("/age/grows")));

        assertThat(firstAge).isBetween(0L, 1L);
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> age(get(node.url("/age/grows"))) > firstAge);
        assertThat(origin.hits("/age/grows")).isEqualTo(1);
    }

    @Test
    void ageIncludesTheAgeTheOriginReported() {
        origin.on("/age/upstream", Reply.ok().cacheControl("max-age=600").header("Age", "100"));

        get(node.url("/age/upstream"));
        HttpResponse<String> hit = get(node.url("/age/upstream"));

        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        assertThat(age(hit)).isBetween(100L, 102L);
        assertThat(ttl(hit)).isBetween(497L, 500L);
    }

    @Test
    void missForwardsTheAgeTheOriginReported() {
        // Without it a downstream cache would take a response 590 s into its 600 s as brand new.
        origin.on("/age/miss", Reply.ok().cacheControl("max-age=600").header("Age", "590"));

        HttpResponse<String> miss = get(node.url("/age/miss"));

        assertThat(cacheStatus(miss)).isEqualTo("MISS");
        assertThat(age(miss)).isBetween(590L, 592L);
    }

    @Test
    void passedResponseKeepsTheAgeTheOriginReported() {
        origin.on("/age/passed", Reply.ok().cacheControl("max-age=600").header("Age", "590"));

        HttpResponse<String> passed = get(node.url("/age/passed"), "Authorization", "Bearer alice");

        assertThat(cacheStatus(passed)).isEqualTo("BYPASS");
        assertThat(header(passed, "Age")).isEqualTo("590");
    }

    private static long age(HttpResponse<String> response) {
        String age = header(response, "Age");
        assertThat(age).as("Age of a %s response", cacheStatus(response)).isNotNull();
        return Long.parseLong(age);
    }

    /** The ttl parameter of this cache's Cache-Status entry: seconds of freshness left. */
    private static long ttl(HttpResponse<String> response) {
        String status = header(response, "Cache-Status");
        assertThat(status).contains("; ttl=");
        String rest = status.substring(status.indexOf("; ttl=") + 6);
        int end = rest.indexOf(';');
        return Long.parseLong(end < 0 ? rest : rest.substring(0, end));
    }
}
