package io.tiercache.proxy;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route rules on a real node: how a request finds its route, and what the route then changes.
 * Origin answers here carry no freshness unless a test says so, so a HIT shows the route's ttl.
 */
class RouteRulesTest {

    private static final String YAML = """
            routes:
              - name: passed
                match: {prefix: /rules/pass/}
                cache: false
              - name: numbered
                match: {regex: "^/items/[0-9]+$"}
                ttl: 1m
              - name: styles
                match: {extensions: [css]}
                ttl: 1m
              - name: by-status
                match: {prefix: /rules/status/}
                ttl: {404: 1m}
              - name: override
                match: {prefix: /rules/override/}
                ttl: 1m
                ignore-headers: [cache-control]
              - name: keyed
                match: {prefix: /rules/keyed/}
                ttl: 1m
                key: "{scheme}://{host}{path}{query}|{header.X-Tenant}|{cookie.lang}"
              - name: personal
                match: {prefix: /rules/personal/}
                ttl: 1m
                bypass: {headers: [X-Preview], cookies: [session_id]}
              - name: prefixed
                match: {prefix: /rules/}
                ttl: 1m
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

    /** Two plain GETs of a path whose origin gives no freshness; returns the second. */
    private static HttpResponse<String> twice(String path, String... headers) {
        origin.on(path, Reply.ok());
        get(node.url(path), headers);
        return get(node.url(path), headers);
    }

    @Test
    void prefixRouteAppliesItsTtl() {
        HttpResponse<String> second = twice("/rules/page");

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(origin.hits("/rules/page")).isEqualTo(1);
    }

    @Test
    void pathOutsideEveryRouteGetsNoTtl() {
        HttpResponse<String> second = twice("/unrouted/page");

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(origin.hits("/unrouted/page")).isEqualTo(2);
    }

    @Test
    void regexRouteAppliesToMatchingPathsOnly() {
        assertThat(cacheStatus(twice("/items/42"))).isEqualTo("HIT");
        assertThat(cacheStatus(twice("/items/latest"))).isEqualTo("MISS");
        assertThat(cacheStatus(twice("/shop/items/42"))).isEqualTo("MISS");
    }

    @Test
    void extensionRouteMatchesTheLastSegmentIgnoringCase() {
        assertThat(cacheStatus(twice("/assets/site.css"))).isEqualTo("HIT");
        assertThat(cacheStatus(twice("/assets/print.CSS"))).isEqualTo("HIT");
        assertThat(cacheStatus(twice("/assets/site.js"))).isEqualTo("MISS");
        assertThat(cacheStatus(twice("/assets/site.css/raw"))).isEqualTo("MISS");
    }

    @Test
    void ttlByStatusCachesOnlyTheStatusesItNames() {
        origin.on("/rules/status/missing", Reply.status(404));
        origin.on("/rules/status/gone", Reply.status(410));

        get(node.url("/rules/status/missing"));
        HttpResponse<String> missing = get(node.url("/rules/status/missing"));
        get(node.url("/rules/status/gone"));
        HttpResponse<String> gone = get(node.url("/rules/status/gone"));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(missing)).isEqualTo("HIT");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(cacheStatus(gone)).isEqualTo("MISS");
    }

    @Test
    void routeTtlWinsOverMaxAgeZeroWhenCacheControlIsIgnored() {
        origin.on("/rules/override/page", Reply.ok().cacheControl("max-age=0"));

        get(node.url("/rules/override/page"));
        HttpResponse<String> second = get(node.url("/rules/override/page"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(header(second, "Cache-Status")).matches("tiercache; hit; ttl=(59|60)");
        assertThat(origin.hits("/rules/override/page")).isEqualTo(1);
    }

    @Test
    void privateIsStillNotStoredWhenCacheControlIsIgnored() {
        origin.on("/rules/override/private", Reply.ok().cacheControl("private"));

        get(node.url("/rules/override/private"));
        HttpResponse<String> second = get(node.url("/rules/override/private"));

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(node.storedEntry("/rules/override/private")).isNull();
    }

    @Test
    void cacheKeyWithAHeaderKeepsOneEntryPerHeaderValue() {
        origin.on("/rules/keyed/tenant", Reply.ok());

        HttpResponse<String> a = get(node.url("/rules/keyed/tenant"), "X-Tenant", "a");
        HttpResponse<String> b = get(node.url("/rules/keyed/tenant"), "X-Tenant", "b");
        HttpResponse<String> aAgain = get(node.url("/rules/keyed/tenant"), "X-Tenant", "a");
        HttpResponse<String> bAgain = get(node.url("/rules/keyed/tenant"), "X-Tenant", "b");

        assertThat(cacheStatus(a)).isEqualTo("MISS");
        assertThat(cacheStatus(b)).isEqualTo("MISS");
        assertThat(aAgain.body()).isEqualTo("body #1");
        assertThat(cacheStatus(aAgain)).isEqualTo("HIT");
        assertThat(bAgain.body()).isEqualTo("body #2");
        assertThat(cacheStatus(bAgain)).isEqualTo("HIT");
    }

    @Test
    void cacheKeyWithACookieKeepsOneEntryPerCookieValue() {
        origin.on("/rules/keyed/lang", Reply.ok());

        HttpResponse<String> en = get(node.url("/rules/keyed/lang"), "Cookie", "lang=en; theme=dark");
        HttpResponse<String> fr = get(node.url("/rules/keyed/lang"), "Cookie", "lang=fr");
        HttpResponse<String> enAgain = get(node.url("/rules/keyed/lang"), "Cookie", "theme=light; lang=en");

        assertThat(cacheStatus(en)).isEqualTo("MISS");
        assertThat(cacheStatus(fr)).isEqualTo("MISS");
        assertThat(cacheStatus(enAgain)).isEqualTo("HIT");
        assertThat(enAgain.body()).isEqualTo("body #1");
    }

    @Test
    void bypassHeaderSkipsBothReadingAndWritingTheCache() {
        origin.on("/rules/personal/header", Reply.ok());

        HttpResponse<String> preview = get(node.url("/rules/personal/header"), "X-Preview", "1");
        HttpResponse<String> anonymous = get(node.url("/rules/personal/header"));
        HttpResponse<String> previewAgain = get(node.url("/rules/personal/header"), "X-Preview", "1");
        HttpResponse<String> anonymousAgain = get(node.url("/rules/personal/header"));

        assertThat(cacheStatus(preview)).isEqualTo("BYPASS");
        assertThat(header(preview, "Cache-Status"))
                .isEqualTo("tiercache; fwd=bypass; fwd-status=200; detail=\"header X-Preview\"");
        assertThat(cacheStatus(anonymous)).isEqualTo("MISS");
        assertThat(anonymous.body()).isEqualTo("body #2");
        assertThat(cacheStatus(previewAgain)).isEqualTo("BYPASS");
        assertThat(previewAgain.body()).isEqualTo("body #3");
        assertThat(cacheStatus(anonymousAgain)).isEqualTo("HIT");
        assertThat(anonymousAgain.body()).isEqualTo("body #2");
    }

    @Test
    void bypassCookieSkipsBothReadingAndWritingTheCache() {
        origin.on("/rules/personal/cookie", Reply.ok());

        HttpResponse<String> loggedIn = get(node.url("/rules/personal/cookie"), "Cookie", "session_id=alice");
        HttpResponse<String> anonymous = get(node.url("/rules/personal/cookie"), "Cookie", "theme=dark");
        HttpResponse<String> loggedInAgain = get(node.url("/rules/personal/cookie"), "Cookie", "session_id=alice");
        HttpResponse<String> anonymousAgain = get(node.url("/rules/personal/cookie"));

        assertThat(cacheStatus(loggedIn)).isEqualTo("BYPASS");
        assertThat(cacheStatus(anonymous)).isEqualTo("MISS");
        assertThat(anonymous.body()).isEqualTo("body #2");
        assertThat(cacheStatus(loggedInAgain)).isEqualTo("BYPASS");
        assertThat(loggedInAgain.body()).isEqualTo("body #3");
        assertThat(cacheStatus(anonymousAgain)).isEqualTo("HIT");
        assertThat(anonymousAgain.body()).isEqualTo("body #2");
    }

    @Test
    void routeThatDoesNotCachePassesEveryRequest() {
        origin.on("/rules/pass/api", Reply.ok().cacheControl("public, max-age=60"));

        HttpResponse<String> first = get(node.url("/rules/pass/api"));
        HttpResponse<String> second = get(node.url("/rules/pass/api"));

        assertThat(cacheStatus(first)).isEqualTo("BYPASS");
        assertThat(header(first, "Cache-Status")).isEqualTo("tiercache; fwd=bypass; fwd-status=200; detail=\"route passed\"");
        assertThat(cacheStatus(second)).isEqualTo("BYPASS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(node.storedEntry("/rules/pass/api")).isNull();
    }
}
