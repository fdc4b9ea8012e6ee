package io.tiercache.client;

import io.tiercache.testing.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClientPurgeTest {

    static NodeUnderTest cache;
    static TierCacheClient client;

    @BeforeAll
    static void start() {
        cache = NodeUnderTest.start();
        client = cache.client();
    }

    @AfterAll
    static void stop() {
        cache.close();
    }

    @Test
    void purgedUrlIsFetchedFromTheOriginAgain() {
        cache.origin.on("/purge/url", Reply.ok().cacheControl("max-age=300").body(n -> "version " + n));
        cache.cache("/purge/url?page=2");

        PurgeResult result = client.purgeUrls("/purge/url?page=2");

        assertThat(result.purged()).isEqualTo(1);
        assertThat(result.acknowledged()).containsExactly("node-1");
        assertThat(result.missing()).isEmpty();
        assertThat(result.complete()).isTrue();
        assertThat(result.soft()).isFalse();
        assertThat(result.id()).isNotBlank();
        assertThat(result.json()).contains("\"purged\"");
        HttpResponse<String> next = cache.get("/purge/url?page=2");
        assertThat(cacheStatus(next)).isEqualTo("MISS");
        assertThat(next.body()).isEqualTo("version 2");
    }

    @Test
    void prefixPurgeCoversEveryPathUnderItAndNothingElse() {
        for (String path : new String[] {"/prefix/blog/a", "/prefix/blog/b", "/prefix/shop/c"}) {
            cache.origin.on(path, Reply.ok().cacheControl("max-age=300"));
            cache.cache(path);
        }

        PurgeResult result = client.purgePrefixes("/prefix/blog/");

        assertThat(result.purged()).isEqualTo(2);
        assertThat(cacheStatus(cache.get("/prefix/blog/a"))).isEqualTo("MISS");
        assertThat(cacheStatus(cache.get("/prefix/blog/b"))).isEqualTo("MISS");
        assertThat(cacheStatus(cache.get("/prefix/shop/c"))).isEqualTo("HIT");
    }

    @Test
    void tagPurgeCoversEveryResponseCarryingTheTag() {
        cache.origin.on("/tag/post", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "post-7 blog"));
        cache.origin.on("/tag/index", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "blog"));
        cache.origin.on("/tag/about", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "pages"));
        cache.cache("/tag/post");
        cache.cache("/tag/index");
        cache.cache("/tag/about");

        PurgeResult result = client.purgeTags("blog");

        assertThat(result.purged()).isEqualTo(2);
        assertThat(cacheStatus(cache.get("/tag/post"))).isEqualTo("MISS");
        assertThat(cacheStatus(cache.get("/tag/index"))).isEqualTo("MISS");
        assertThat(cacheStatus(cache.get("/tag/about"))).isEqualTo("HIT");
    }

    @Test
    void hostPurgeLeavesOtherHostsAlone() {
        cache.origin.on("/host/page", Reply.ok().cacheControl("max-age=300"));
        cache.cache("/host/page");

        PurgeResult elsewhere = client.purge(PurgeRequest.ofUrls("/host/page").onHost("www.example.com"));
        assertThat(elsewhere.purged()).isZero();
        assertThat(cacheStatus(cache.get("/host/page"))).isEqualTo("HIT");

        PurgeResult here = client.purge(PurgeRequest.ofUrls("/host/page").onHost(cache.host()));
        assertThat(here.purged()).isEqualTo(1);
        assertThat(cacheStatus(cache.get("/host/page"))).isEqualTo("MISS");
    }

    @Test
    void softPurgedUrlIsServedStaleWhileOneRefreshRuns() {
        cache.origin.on("/soft/page", Reply.ok().cacheControl("max-age=300").body(n -> "version " + n));
        cache.cache("/soft/page");

        PurgeResult result = client.softPurgeUrls("/soft/page");

        assertThat(result.purged()).isEqualTo(1);
        assertThat(result.soft()).isTrue();
        HttpResponse<String> stale = cache.get("/soft/page");
        assertThat(cacheStatus(stale)).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo("version 1");
        await().untilAsserted(() -> assertThat(cache.origin.hits("/soft/page")).isEqualTo(2));
        await().untilAsserted(() -> assertThat(cache.get("/soft/page").body()).isEqualTo("version 2"));
    }

    @Test
    void softPurgeByTagAndPrefixMarksStaleToo() {
        cache.origin.on("/soft/tagged", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "soft-tag"));
        cache.origin.on("/soft/under/page", Reply.ok().cacheControl("max-age=300"));
        cache.cache("/soft/tagged");
        cache.cache("/soft/under/page");

        assertThat(client.softPurgeTags("soft-tag").purged()).isEqualTo(1);
        assertThat(client.softPurgePrefixes("/soft/under/").purged()).isEqualTo(1);

        assertThat(cacheStatus(cache.get("/soft/tagged"))).isEqualTo("STALE");
        assertThat(cacheStatus(cache.get("/soft/under/page"))).isEqualTo("STALE");
    }
}
