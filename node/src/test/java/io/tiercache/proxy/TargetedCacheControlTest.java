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
 * Targeted cache control (RFC 9213) and Surrogate-Control over HTTP: the fields this node decides
 * by, and what the client is sent.
 */
class TargetedCacheControlTest {

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static HttpResponse<String> twice(String path) {
        get(node.url(path));
        return get(node.url(path));
    }

    // RFC 9213 §3: CDN-Cache-Control lets the CDN cache what other caches may not store
    @Test
    void cachesForCdnCacheControlWhatCacheControlForbidsOthers() {
        origin.on("/targeted/cdn", Reply.ok().cacheControl("no-store").header("CDN-Cache-Control", "max-age=600"));

        HttpResponse<String> second = twice("/targeted/cdn");

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(header(second, "Cache-Status")).contains("ttl=5");
        assertThat(origin.hits("/targeted/cdn")).isEqualTo(1);
        // Clients still get the origin's Cache-Control; CDN-Cache-Control is forwarded (RFC 9213 §3).
        assertThat(header(second, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(second, "CDN-Cache-Control")).isEqualTo("max-age=600");
    }

    // RFC 9213 §2.2: the targeted field's no-store holds though Cache-Control would allow storing
    @Test
    void obeysTheTargetedFieldsNoStore() {
        origin.on("/targeted/no-store", Reply.ok().cacheControl("max-age=600").header("CDN-Cache-Control", "no-store"));

        HttpResponse<String> second = twice("/targeted/no-store");

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(header(second, "Cache-Status")).contains("detail=\"no-store\"");
        assertThat(origin.hits("/targeted/no-store")).isEqualTo(2);
    }

    // RFC 9213 §2.2: the target list's first field wins; it is meant for this cache alone and consumed
    @Test
    void takesTiercacheCacheControlFirstAndDoesNotForwardIt() {
        origin.on("/targeted/own", Reply.ok().cacheControl("max-age=5")
                .header("CDN-Cache-Control", "no-store")
                .header("Tiercache-Cache-Control", "max-age=3600"));

        HttpResponse<String> second = twice("/targeted/own");

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(header(second, "Cache-Status")).contains("ttl=3");
        assertThat(header(second, "Tiercache-Cache-Control")).isNull();
        assertThat(header(second, "Cache-Control")).isEqualTo("max-age=5");
    }

    // RFC 9213 §2.1: an invalid targeted field is ignored as if absent
    @Test
    void ignoresAnInvalidTargetedField() {
        origin.on("/targeted/invalid", Reply.ok().cacheControl("no-store")
                .header("CDN-Cache-Control", "max-age=600, max-age"));
        origin.on("/targeted/invalid-own", Reply.ok().cacheControl("no-store")
                .header("Tiercache-Cache-Control", "max-age=\"600\"")
                .header("CDN-Cache-Control", "max-age=600"));

        assertThat(cacheStatus(twice("/targeted/invalid"))).isEqualTo("MISS");
        assertThat(origin.hits("/targeted/invalid")).isEqualTo(2);
        // A max-age of the wrong type is invalid freshness: stale at once, so fetched again.
        assertThat(cacheStatus(twice("/targeted/invalid-own"))).isEqualTo("MISS");
    }

    // RFC 9213 §2.2: a targeted field replaces Expires as well
    @Test
    void ignoresExpiresWhenATargetedFieldApplies() {
        origin.on("/targeted/expires", Reply.ok()
                .header("Expires", io.tiercache.policy.HttpDate.format(origin.clock().millis() / 1000 + 600))
                .header("CDN-Cache-Control", "no-cache"));

        HttpResponse<String> second = twice("/targeted/expires");

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(origin.hits("/targeted/expires")).isEqualTo(2);
    }

    // Edge Architecture 1.0: Surrogate-Control is obeyed by the surrogate and not sent on
    @Test
    void obeysSurrogateControlAndConsumesIt() {
        origin.on("/surrogate/max-age", Reply.ok().cacheControl("private").header("Surrogate-Control", "max-age=300"));
        origin.on("/surrogate/no-store", Reply.ok().cacheControl("max-age=300").header("Surrogate-Control", "no-store"));

        HttpResponse<String> cached = twice("/surrogate/max-age");
        HttpResponse<String> notStored = twice("/surrogate/no-store");

        assertThat(cacheStatus(cached)).isEqualTo("HIT");
        assertThat(header(cached, "Cache-Control")).isEqualTo("private");
        assertThat(header(cached, "Surrogate-Control")).isNull();
        assertThat(cacheStatus(notStored)).isEqualTo("MISS");
        assertThat(header(notStored, "Surrogate-Control")).isNull();
        assertThat(origin.hits("/surrogate/max-age")).isEqualTo(1);
        assertThat(origin.hits("/surrogate/no-store")).isEqualTo(2);
    }
}
