package io.tiercache.client;

import io.tiercache.testing.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClientRefreshTest {

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
    void revalidateWithWaitRefetchesBeforeAnyVisitorComes() {
        cache.origin.on("/revalidate/post", Reply.ok().cacheControl("max-age=300").body(n -> "version " + n));
        cache.cache("/revalidate/post");

        RevalidateResult result = client.revalidate(RevalidateRequest.ofPaths("/revalidate/post").waitingForRefresh());

        assertThat(result.purged()).isEqualTo(1);
        assertThat(result.acknowledged()).containsExactly("node-1");
        assertThat(result.refreshing()).containsExactly(cache.node.url("/revalidate/post"));
        assertThat(result.results()).singleElement().satisfies(fetch -> {
            assertThat(fetch.url()).isEqualTo(cache.node.url("/revalidate/post"));
            assertThat(fetch.status()).isEqualTo(200);
            assertThat(fetch.stored()).isTrue();
            assertThat(fetch.failed()).isFalse();
        });
        assertThat(cache.origin.hits("/revalidate/post")).isEqualTo(2);
        HttpResponse<String> next = cache.get("/revalidate/post");
        assertThat(cacheStatus(next)).isEqualTo("HIT");
        assertThat(next.body()).isEqualTo("version 2");
    }

    @Test
    void revalidateWithoutWaitAnswersAtOnceAndRefreshesInTheBackground() {
        cache.origin.on("/revalidate/tagged", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "news")
                .body(n -> "version " + n));
        cache.cache("/revalidate/tagged");

        RevalidateResult result = client.revalidateTags("news");

        assertThat(result.purged()).isEqualTo(1);
        assertThat(result.refreshing()).containsExactly(cache.node.url("/revalidate/tagged"));
        assertThat(result.results()).isEmpty();
        await().untilAsserted(() -> assertThat(cache.origin.hits("/revalidate/tagged")).isEqualTo(2));
        await().untilAsserted(() -> assertThat(cache.get("/revalidate/tagged").body()).isEqualTo("version 2"));
    }

    @Test
    void revalidateByPathWithNothingStoredRefreshesNothing() {
        RevalidateResult result = client.revalidatePaths("/revalidate/never-seen");

        assertThat(result.purged()).isZero();
        assertThat(result.refreshing()).isEmpty();
    }

    @Test
    void warmedPathIsAHitForTheFirstVisitor() {
        cache.origin.on("/warm/page", Reply.ok().cacheControl("max-age=300"));

        WarmResult result = client.warm(WarmRequest.ofPaths(cache.host(), "/warm/page"));

        assertThat(result.results()).singleElement().satisfies(fetch -> {
            assertThat(fetch.url()).isEqualTo(cache.node.url("/warm/page"));
            assertThat(fetch.status()).isEqualTo(200);
            assertThat(fetch.cacheStatus()).isEqualTo("MISS");
            assertThat(fetch.stored()).isTrue();
        });
        assertThat(cacheStatus(cache.get("/warm/page"))).isEqualTo("HIT");
        assertThat(cache.origin.hits("/warm/page")).isEqualTo(1);
    }

    @Test
    void warmLeavesAFreshCopyAloneUnlessForced() {
        cache.origin.on("/warm/forced", Reply.ok().cacheControl("max-age=300").body(n -> "version " + n));
        String url = cache.node.url("/warm/forced");
        client.warmUrls(url);

        assertThat(client.warmUrls(url).results().get(0).cacheStatus()).isEqualTo("HIT");
        assertThat(cache.origin.hits("/warm/forced")).isEqualTo(1);

        FetchResult forced = client.warm(WarmRequest.ofUrls(url).forced()).results().get(0);
        assertThat(forced.stored()).isTrue();
        assertThat(cache.origin.hits("/warm/forced")).isEqualTo(2);
        assertThat(cache.get("/warm/forced").body()).isEqualTo("version 2");
    }

    @Test
    void warmReportsEachUrlInOrderWithFailuresAsResults() {
        cache.origin.on("/warm/first", Reply.ok().cacheControl("max-age=300"));
        cache.origin.on("/warm/private", Reply.ok().cacheControl("private"));

        WarmResult result = client.warm(WarmRequest.ofPaths(cache.host(), "/warm/first", "/warm/private", "/warm/missing"));

        assertThat(result.results()).extracting(FetchResult::url).containsExactly(
                cache.node.url("/warm/first"), cache.node.url("/warm/private"), cache.node.url("/warm/missing"));
        assertThat(result.results()).extracting(FetchResult::stored).containsExactly(true, false, false);
        assertThat(result.results().get(2).status()).isEqualTo(404);
    }

    @Test
    void statsCountRequestsAndEntries() {
        cache.origin.on("/stats/page", Reply.ok().cacheControl("max-age=300"));
        cache.cache("/stats/page");

        Stats stats = client.stats();

        assertThat(stats.node()).isEqualTo("node-1");
        assertThat(stats.members()).containsExactly("node-1");
        assertThat(stats.requests()).containsKeys("HIT", "MISS");
        assertThat(stats.requests().get("HIT")).isPositive();
        assertThat(stats.requests().get("MISS")).isPositive();
        assertThat(stats.hitRatio()).isBetween(0.0, 1.0).isPositive();
        assertThat(stats.sharedMap().entries()).isPositive();
        assertThat(stats.sharedMap().ownedEntries()).isPositive();
        assertThat(stats.hotTier().entries()).isNotNegative();
        assertThat(stats.json()).contains("\"sharedMap\"");
    }
}
