package io.tiercache.proxy;

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
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a real node stores, and what it refuses to store (RFC 9111 §3 and the route overrides). */
class StorabilityTest {

    private static final String YAML = """
            routes:
              - name: shared-auth
                match: {prefix: /shared-auth/}
                bypass: {}
              - name: strip-cookie
                match: {prefix: /strip-cookie/}
                ignore-headers: [set-cookie]
              - name: keep-404
                match: {prefix: /keep-404/}
                ttl: {404: 1m}
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
    void authorizedRequestIsNotAnsweredFromTheCache() {
        origin.on("/auth/read", Reply.ok().cacheControl("public, max-age=60"));
        assertThat(cacheStatus(get(node.url("/auth/read")))).isEqualTo("MISS");

        HttpResponse<String> authorized = get(node.url("/auth/read"), "Authorization", "Bearer alice");

        assertThat(cacheStatus(authorized)).isEqualTo("BYPASS");
        assertThat(authorized.body()).isEqualTo("body #2");
        assertThat(origin.hits("/auth/read")).isEqualTo(2);
        assertThat(origin.last("/auth/read").headers().get("Authorization")).isEqualTo("Bearer alice");
    }

    @Test
    void authorizedResponseIsNotWrittenToTheCache() {
        // public would make it storable (RFC 9111 §3.5); the default bypass must still keep it out.
        origin.on("/auth/write", Reply.ok().cacheControl("public, max-age=60"));

        HttpResponse<String> first = get(node.url("/auth/write"), "Authorization", "Bearer alice");
        HttpResponse<String> second = get(node.url("/auth/write"), "Authorization", "Bearer alice");
        HttpResponse<String> anonymous = get(node.url("/auth/write"));

        assertThat(cacheStatus(first)).isEqualTo("BYPASS");
        assertThat(cacheStatus(second)).isEqualTo("BYPASS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(cacheStatus(anonymous)).isEqualTo("MISS");
        assertThat(anonymous.body()).isEqualTo("body #3");
        assertThat(origin.hits("/auth/write")).isEqualTo(3);
    }

    @Test
    void requestCookiesDoNotBypassTheCacheByDefault() {
        origin.on("/cookie/request", Reply.ok().cacheControl("max-age=60"));

        HttpResponse<String> first = get(node.url("/cookie/request"), "Cookie", "session_id=abc");
        HttpResponse<String> second = get(node.url("/cookie/request"), "Cookie", "session_id=xyz");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("body #1");
        assertThat(origin.hits("/cookie/request")).isEqualTo(1);
    }

    @Test
    void getResponseIsStored() {
        origin.on("/get/stored", Reply.ok().cacheControl("max-age=60"));

        HttpResponse<String> first = get(node.url("/get/stored"));

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        await().atMost(Duration.ofSeconds(2)).until(() -> node.stored("/get/stored") != null);
        HttpResponse<String> second = get(node.url("/get/stored"));
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("body #1");
        assertThat(origin.hits("/get/stored")).isEqualTo(1);
    }

    @Test
    void headIsAnsweredFromAStoredGet() {
        origin.on("/head/after-get", Reply.ok().cacheControl("max-age=60").body("twelve bytes"));
        assertThat(cacheStatus(get(node.url("/head/after-get")))).isEqualTo("MISS");

        HttpResponse<String> head = send("HEAD", node.url("/head/after-get"), null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(head)).isEqualTo("HIT");
        assertThat(header(head, "Content-Length")).isEqualTo("12");
        assertThat(head.body()).isEmpty();
        assertThat(origin.hits("/head/after-get")).isEqualTo(1);
    }

    @Test
    void headMissIsFetchedAsGetAndStored() {
        origin.on("/head/miss", Reply.ok().cacheControl("max-age=60").body("full body"));

        HttpResponse<String> head = send("HEAD", node.url("/head/miss"), null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(head)).isEqualTo("MISS");
        assertThat(head.body()).isEmpty();
        assertThat(origin.last("/head/miss").method()).isEqualTo("GET");
        HttpResponse<String> get = get(node.url("/head/miss"));
        assertThat(cacheStatus(get)).isEqualTo("HIT");
        assertThat(get.body()).isEqualTo("full body");
        assertThat(origin.hits("/head/miss")).isEqualTo(1);
    }

    @Test
    void noStoreResponseIsNotStored() {
        origin.on("/refuse/no-store", Reply.ok().cacheControl("no-store, max-age=60"));

        HttpResponse<String> first = get(node.url("/refuse/no-store"));
        HttpResponse<String> second = get(node.url("/refuse/no-store"));

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(header(first, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"no-store\"");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(node.storedEntry("/refuse/no-store")).isNull();
    }

    @Test
    void privateResponseIsNotStored() {
        origin.on("/refuse/private", Reply.ok().cacheControl("private, max-age=60"));

        HttpResponse<String> first = get(node.url("/refuse/private"));
        HttpResponse<String> second = get(node.url("/refuse/private"));

        assertThat(header(first, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"private\"");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(node.storedEntry("/refuse/private")).isNull();
    }

    @Test
    void authorizedResponseMarkedPublicIsStoredWhenTheRouteDoesNotBypass() {
        origin.on("/shared-auth/public", Reply.ok().cacheControl("public, max-age=60"));

        HttpResponse<String> first = get(node.url("/shared-auth/public"), "Authorization", "Bearer alice");
        HttpResponse<String> second = get(node.url("/shared-auth/public"), "Authorization", "Bearer bob");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("body #1");
        assertThat(origin.hits("/shared-auth/public")).isEqualTo(1);
    }

    @Test
    void authorizedResponseWithSMaxageIsStoredWhenTheRouteDoesNotBypass() {
        origin.on("/shared-auth/s-maxage", Reply.ok().cacheControl("s-maxage=60"));

        HttpResponse<String> first = get(node.url("/shared-auth/s-maxage"), "Authorization", "Bearer alice");
        HttpResponse<String> second = get(node.url("/shared-auth/s-maxage"), "Authorization", "Bearer bob");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(origin.hits("/shared-auth/s-maxage")).isEqualTo(1);
    }

    @Test
    void authorizedResponseWithoutPublicOrSMaxageIsNotStored() {
        origin.on("/shared-auth/plain", Reply.ok().cacheControl("max-age=60"));

        HttpResponse<String> first = get(node.url("/shared-auth/plain"), "Authorization", "Bearer alice");
        HttpResponse<String> second = get(node.url("/shared-auth/plain"), "Authorization", "Bearer alice");

        assertThat(header(first, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"authorization\"");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(node.storedEntry("/shared-auth/plain")).isNull();
    }

    @Test
    void responseSettingACookieIsNotStoredByDefault() {
        origin.on("/refuse/set-cookie", Reply.ok().cacheControl("max-age=60").header("Set-Cookie", "session_id=alice"));

        HttpResponse<String> first = get(node.url("/refuse/set-cookie"));
        HttpResponse<String> second = get(node.url("/refuse/set-cookie"));

        assertThat(header(first, "Set-Cookie")).isEqualTo("session_id=alice");
        assertThat(header(first, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"set-cookie\"");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(node.storedEntry("/refuse/set-cookie")).isNull();
    }

    @Test
    void routeIgnoringSetCookieStoresTheResponseWithoutItForEveryClient() {
        origin.on("/strip-cookie/page", Reply.ok().cacheControl("max-age=60").header("Set-Cookie", "session_id=alice"));

        HttpResponse<String> first = get(node.url("/strip-cookie/page"));
        HttpResponse<String> second = get(node.url("/strip-cookie/page"));

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(node.stored("/strip-cookie/page").headers().contains("Set-Cookie")).isFalse();
        assertThat(origin.hits("/strip-cookie/page")).isEqualTo(1);
    }

    @Test
    void notFoundWithMaxAgeIsStored() {
        origin.on("/status/404-max-age", Reply.status(404).cacheControl("max-age=60").body("gone fishing"));

        HttpResponse<String> first = get(node.url("/status/404-max-age"));
        HttpResponse<String> second = get(node.url("/status/404-max-age"));

        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("gone fishing");
        assertThat(origin.hits("/status/404-max-age")).isEqualTo(1);
    }

    @Test
    void serverErrorWithoutExplicitFreshnessIsNotStored() {
        origin.on("/status/500", Reply.status(500).header("ETag", "\"e1\""));

        HttpResponse<String> first = get(node.url("/status/500"));
        HttpResponse<String> second = get(node.url("/status/500"));

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(header(first, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; fwd-status=500; detail=\"status 500 without explicit freshness\"");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(node.storedEntry("/status/500")).isNull();
    }

    @Test
    void routeTtlCachesNotFoundWithoutCacheControl() {
        origin.on("/keep-404/missing", Reply.status(404).body("not here"));

        HttpResponse<String> first = get(node.url("/keep-404/missing"));
        HttpResponse<String> second = get(node.url("/keep-404/missing"));

        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("not here");
        assertThat(origin.hits("/keep-404/missing")).isEqualTo(1);
    }

    @Test
    void notFoundWithoutCacheControlIsNotStoredOutsideTheRoute() {
        origin.on("/status/404-bare", Reply.status(404).body("not here"));

        get(node.url("/status/404-bare"));
        HttpResponse<String> second = get(node.url("/status/404-bare"));

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(origin.hits("/status/404-bare")).isEqualTo(2);
    }
}
