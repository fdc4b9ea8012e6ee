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

/** Cache-Control from the client on a real node (RFC 9111 §5.2.1), and the route that ignores it. */
class ClientDirectivesTest {

    private static final String YAML = """
            routes:
              - name: reload-proof
                match: {prefix: /reload-proof/}
                client-no-cache: ignore
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
    void clientNoCacheRevalidatesWithTheStoredETag() {
        origin.onRevalidating("/directive/no-cache", "\"v1\"", "max-age=60");
        assertThat(cacheStatus(get(node.url("/directive/no-cache")))).isEqualTo("MISS");

        HttpResponse<String> reload = get(node.url("/directive/no-cache"), "Cache-Control", "no-cache");

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(reload)).isEqualTo("REVALIDATED");
        assertThat(reload.body()).isEqualTo("body #1");
        assertThat(origin.hits("/directive/no-cache")).isEqualTo(2);
        assertThat(origin.last("/directive/no-cache").headers().get("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void pragmaNoCacheRevalidatesLikeCacheControlNoCache() {
        origin.onRevalidating("/directive/pragma", "\"v1\"", "max-age=60");
        get(node.url("/directive/pragma"));

        HttpResponse<String> reload = get(node.url("/directive/pragma"), "Pragma", "no-cache");

        assertThat(cacheStatus(reload)).isEqualTo("REVALIDATED");
        assertThat(origin.hits("/directive/pragma")).isEqualTo(2);
    }

    @Test
    void clientNoCacheIsIgnoredWhenTheRouteSaysSo() {
        origin.onRevalidating("/reload-proof/no-cache", "\"v1\"", "max-age=60");
        get(node.url("/reload-proof/no-cache"));

        HttpResponse<String> reload = get(node.url("/reload-proof/no-cache"), "Cache-Control", "no-cache");

        assertThat(cacheStatus(reload)).isEqualTo("HIT");
        assertThat(reload.body()).isEqualTo("body #1");
        assertThat(origin.hits("/reload-proof/no-cache")).isEqualTo(1);
    }

    @Test
    void clientMaxAgeZeroRevalidates() {
        origin.onRevalidating("/directive/max-age-0", "\"v1\"", "max-age=60");
        get(node.url("/directive/max-age-0"));

        HttpResponse<String> reload = get(node.url("/directive/max-age-0"), "Cache-Control", "max-age=0");

        assertThat(cacheStatus(reload)).isEqualTo("REVALIDATED");
        assertThat(reload.body()).isEqualTo("body #1");
        assertThat(origin.hits("/directive/max-age-0")).isEqualTo(2);
        assertThat(origin.last("/directive/max-age-0").headers().get("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void clientMaxAgeZeroIsIgnoredWhenTheRouteSaysSo() {
        origin.onRevalidating("/reload-proof/max-age-0", "\"v1\"", "max-age=60");
        get(node.url("/reload-proof/max-age-0"));

        HttpResponse<String> reload = get(node.url("/reload-proof/max-age-0"), "Cache-Control", "max-age=0");

        assertThat(cacheStatus(reload)).isEqualTo("HIT");
        assertThat(origin.hits("/reload-proof/max-age-0")).isEqualTo(1);
    }

    @Test
    void maxStaleServesAStaleResponse() {
        origin.on("/directive/max-stale", Reply.ok().cacheControl("max-age=1").header("ETag", "\"v1\""));
        get(node.url("/directive/max-stale"));
        node.makeStale("/directive/max-stale");

        HttpResponse<String> stale = get(node.url("/directive/max-stale"), "Cache-Control", "max-stale");

        assertThat(cacheStatus(stale)).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("body #1");
        assertThat(origin.hits("/directive/max-stale")).isEqualTo(1);
        HttpResponse<String> plain = get(node.url("/directive/max-stale"));
        assertThat(cacheStatus(plain)).isEqualTo("EXPIRED");
        assertThat(plain.body()).isEqualTo("body #2");
    }

    @Test
    void maxStaleWithALimitDoesNotServeAResponseStalerThanThat() {
        origin.on("/directive/max-stale-limit", Reply.ok().cacheControl("max-age=1").header("ETag", "\"v1\"")
                .header("Age", "30"));
        get(node.url("/directive/max-stale-limit"));

        HttpResponse<String> tooStale = get(node.url("/directive/max-stale-limit"), "Cache-Control", "max-stale=10");

        assertThat(cacheStatus(tooStale)).isEqualTo("EXPIRED");
        assertThat(tooStale.body()).isEqualTo("body #2");
    }

    @Test
    void minFreshRevalidatesWhenTooLittleFreshnessIsLeft() {
        origin.onRevalidating("/directive/min-fresh", "\"v1\"", "max-age=60");
        get(node.url("/directive/min-fresh"));

        HttpResponse<String> demanding = get(node.url("/directive/min-fresh"), "Cache-Control", "min-fresh=120");

        assertThat(cacheStatus(demanding)).isEqualTo("REVALIDATED");
        assertThat(origin.hits("/directive/min-fresh")).isEqualTo(2);
    }

    @Test
    void aResponseStoredBeforeTheRequestArrivedIsNotItsValidationEvenWithinOneMillisecond() {
        // RFC 9111 §5.2.1.4: no-cache asks for a validation after the request; a response that came in
        // just before it, within the same millisecond of the store's clock, is not one.
        origin.onRevalidating("/directive/same-millisecond", "\"v1\"", "max-age=60");
        node.clock().freeze();
        try {
            get(node.url("/directive/same-millisecond"));
            node.awaitStored("/directive/same-millisecond");

            HttpResponse<String> reloading = get(node.url("/directive/same-millisecond"), "Cache-Control", "no-cache");

            assertThat(cacheStatus(reloading)).isEqualTo("REVALIDATED");
            assertThat(origin.hits("/directive/same-millisecond")).isEqualTo(2);
        } finally {
            node.clock().thaw();
        }
    }

    @Test
    void minFreshWithinTheFreshnessLeftIsAHit() {
        origin.onRevalidating("/directive/min-fresh-ok", "\"v1\"", "max-age=60");
        get(node.url("/directive/min-fresh-ok"));

        HttpResponse<String> modest = get(node.url("/directive/min-fresh-ok"), "Cache-Control", "min-fresh=30");

        assertThat(cacheStatus(modest)).isEqualTo("HIT");
        assertThat(origin.hits("/directive/min-fresh-ok")).isEqualTo(1);
    }

    @Test
    void onlyIfCachedMissIsAnsweredWith504WithoutContactingTheOrigin() {
        origin.on("/directive/only-if-cached", Reply.ok().cacheControl("max-age=60"));

        HttpResponse<String> response = get(node.url("/directive/only-if-cached"), "Cache-Control", "only-if-cached");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(cacheStatus(response)).isEqualTo("MISS");
        assertThat(header(response, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; detail=\"only-if-cached\"");
        assertThat(origin.hits("/directive/only-if-cached")).isZero();
        assertThat(node.storedEntry("/directive/only-if-cached")).isNull();
    }

    @Test
    void onlyIfCachedIsAnsweredFromAFreshStoredResponse() {
        origin.on("/directive/only-if-cached-hit", Reply.ok().cacheControl("max-age=60"));
        get(node.url("/directive/only-if-cached-hit"));

        HttpResponse<String> response = get(node.url("/directive/only-if-cached-hit"), "Cache-Control", "only-if-cached");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(response)).isEqualTo("HIT");
        assertThat(response.body()).isEqualTo("body #1");
        assertThat(origin.hits("/directive/only-if-cached-hit")).isEqualTo(1);
    }
}
