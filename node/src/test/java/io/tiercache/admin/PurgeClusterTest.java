package io.tiercache.admin;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Purge once, invalidate everywhere: the admin API against three real members in this JVM. */
class PurgeClusterTest {

    static final String SITE = "cms.example.test";
    static final String TOKEN = "purge-secret";
    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        nodes = TestNode.cluster(3, origin, """
                admin:
                  purge-token: purge-secret
                routes:
                  - name: pages
                    match: {prefix: /}
                    stale-while-revalidate: 1m
                """);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("a purge sent to one node is effective on every node before the call returns")
    void purgeIsEffectiveEverywhereWhenAcknowledged() {
        origin.on("/everywhere/page", Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n));
        warmOnEveryNode("/everywhere/page");

        JsonObject answer = admin(nodes.get(1), "/purge", "{\"urls\": [\"/everywhere/page\"]}");

        assertThat(answer.getInteger("purged")).isEqualTo(1);
        assertThat(answer.getJsonArray("acknowledged")).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
        assertThat(answer.getJsonArray("missing")).isEmpty();
        for (TestNode node : nodes) {
            HttpResponse<String> after = fetch(node, "/everywhere/page");
            assertThat(after.body()).isNotEqualTo("edition 1");
        }
    }

    @Test
    @DisplayName("a purge of more URLs than the dashboard lists answers 200 with each of them purged everywhere")
    void purgeOfManyUrlsAnswers() {
        // The dashboard lists the first 20 of a purge's URLs; a longer purge once answered 503 after it was done.
        List<String> paths = IntStream.range(0, 30).mapToObj(i -> "/many/page-" + i).toList();
        paths.forEach(path -> origin.on(path, Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n)));
        for (int i = 0; i < paths.size(); i++) {
            assertThat(fetch(nodes.get(i % 3), paths.get(i)).body()).isEqualTo("edition 1");
        }
        // A fill stores after its client has the body: every page is in the shared map (another node
        // finds it there) before the purge counts what it removed.
        for (int i = 0; i < paths.size(); i++) {
            String url = nodes.get((i + 1) % 3).url(paths.get(i));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    get(url, "Host", SITE, "Cache-Control", "only-if-cached").statusCode() == 200);
        }
        String urls = paths.stream().map(path -> "\"" + path + "\"").collect(Collectors.joining(", "));

        JsonObject answer = admin(nodes.get(0), "/purge", "{\"urls\": [" + urls + "]}");

        assertThat(answer.getInteger("purged")).isEqualTo(30);
        assertThat(answer.getBoolean("applied")).isTrue();
        assertThat(answer.getJsonArray("missing")).isEmpty();
        for (String path : paths) {
            for (TestNode node : nodes) {
                HttpResponse<String> after = get(node.url(path), "Host", SITE, "Cache-Control", "only-if-cached");
                assertThat(after.statusCode()).as(path).isEqualTo(504);
            }
        }
    }

    @Test
    @DisplayName("prefix and tag purges remove exactly their entries")
    void prefixAndTagPurgesHitExactlyTheirEntries() {
        origin.on("/exact/blog/one", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "post-1 blog"));
        origin.on("/exact/blog/two", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "post-2 blog"));
        origin.on("/exact/shop/one", Reply.ok().cacheControl("max-age=600").header("Cache-Tag", "product-1,shop"));
        origin.on("/exact/shop/two", Reply.ok().cacheControl("max-age=600").header("Cache-Tag", "product-2,shop"));
        for (String path : List.of("/exact/blog/one", "/exact/blog/two", "/exact/shop/one", "/exact/shop/two")) {
            warmOnEveryNode(path);
        }

        JsonObject byTag = admin(nodes.get(0), "/purge", "{\"tags\": [\"product-1\"]}");
        JsonObject byPrefix = admin(nodes.get(2), "/purge", "{\"prefixes\": [\"/exact/blog/\"]}");

        assertThat(byTag.getInteger("purged")).isEqualTo(1);
        assertThat(byPrefix.getInteger("purged")).isEqualTo(2);
        for (TestNode node : nodes) {
            assertThat(cacheStatus(fetch(node, "/exact/shop/two"))).isEqualTo("HIT");
        }
        assertThat(origin.hits("/exact/shop/one")).isEqualTo(1);
        assertThat(cacheStatus(fetch(nodes.get(1), "/exact/shop/one"))).isEqualTo("MISS");
        assertThat(cacheStatus(fetch(nodes.get(0), "/exact/blog/one"))).isEqualTo("MISS");
        assertThat(cacheStatus(fetch(nodes.get(2), "/exact/blog/two"))).isEqualTo("MISS");
        assertThat(origin.hits("/exact/shop/two")).isEqualTo(1);
    }

    @Test
    @DisplayName("a soft purge serves the stale copy at once while one refresh runs, then the new page")
    void softPurgeServesStaleOnceAndRefreshes() {
        origin.on("/soft/page", Reply.ok().cacheControl("max-age=600").delay(300).body(n -> "edition " + n));
        warmOnEveryNode("/soft/page");

        JsonObject answer = admin(nodes.get(0), "/purge", "{\"urls\": [\"/soft/page\"], \"soft\": true}");
        HttpResponse<String> stale = fetch(nodes.get(1), "/soft/page");

        assertThat(answer.getBoolean("soft")).isTrue();
        assertThat(stale.body()).isEqualTo("edition 1");
        assertThat(cacheStatus(stale)).isEqualTo("STALE");
        for (TestNode node : nodes) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(fetch(node, "/soft/page").body()).isEqualTo("edition 2"));
        }
        assertThat(origin.hits("/soft/page")).isEqualTo(2);
    }

    @Test
    @DisplayName("revalidate refetches the page without a visitor, so the next visitor gets it from cache")
    void revalidateRefetchesWithoutAVisitor() {
        origin.on("/revalidated/post", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "post-9")
                .body(n -> "edition " + n));
        warmOnEveryNode("/revalidated/post");

        JsonObject answer = admin(nodes.get(2), "/revalidate", "{\"tags\": [\"post-9\"], \"wait\": true}");

        assertThat(answer.getJsonArray("refreshing")).containsExactly("http://" + SITE + "/revalidated/post");
        assertThat(origin.hits("/revalidated/post")).isEqualTo(2);
        for (TestNode node : nodes) {
            HttpResponse<String> visitor = fetch(node, "/revalidated/post");
            assertThat(visitor.body()).isEqualTo("edition 2");
            assertThat(cacheStatus(visitor)).isEqualTo("HIT");
        }
    }

    @Test
    @DisplayName("a warm-up answers once its pages are stored: at that moment every node has them")
    void warmUpAnswersOncePagesAreStored() {
        List<String> paths = IntStream.range(0, 20).mapToObj(i -> "/warmed/page-" + i).toList();
        paths.forEach(path -> origin.on(path, Reply.ok().cacheControl("max-age=600").body("warm " + path)));
        String urls = paths.stream().map(path -> "\"" + path + "\"").collect(Collectors.joining(", "));

        JsonObject answer = admin(nodes.get(0), "/warm", "{\"urls\": [" + urls + "], \"host\": \"" + SITE + "\"}");

        assertThat(answer.encode()).doesNotContain("\"stored\":false");
        for (String path : paths) {
            for (TestNode node : nodes) {
                HttpResponse<String> visitor = get(node.url(path), "Host", SITE, "Cache-Control", "only-if-cached");
                assertThat(visitor.body()).as(path).isEqualTo("warm " + path);
                assertThat(cacheStatus(visitor)).isEqualTo("HIT");
            }
            assertThat(origin.hits(path)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("revalidate with the webhook secret and a host also fetches a page that was not cached yet")
    void revalidateWebhookWarmsANewPage() {
        origin.on("/published/new-post", Reply.ok().cacheControl("max-age=600").body("fresh post"));

        JsonObject answer = adminWithoutToken(nodes.get(0), "/revalidate",
                "{\"secret\": \"purge-secret\", \"paths\": [\"/published/new-post\"], \"host\": \"" + SITE + "\", \"wait\": true}");

        assertThat(answer.getJsonArray("refreshing")).containsExactly("http://" + SITE + "/published/new-post");
        assertThat(cacheStatus(fetch(nodes.get(1), "/published/new-post"))).isEqualTo("HIT");
        assertThat(origin.hits("/published/new-post")).isEqualTo(1);
    }

    @Test
    @DisplayName("a fetch that started before a purge and finished after it is not served as fresh")
    void fetchStraddlingAPurgeIsNotServedAsFresh() {
        origin.on("/race/page", Reply.ok().cacheControl("max-age=600").delay(1000).body(n -> "fetch " + n));
        CompletableFuture<HttpResponse<String>> inFlight = send(nodes.get(0), "/race/page");
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/race/page") == 1);

        JsonObject answer = admin(nodes.get(1), "/purge", "{\"urls\": [\"/race/page\"]}");
        assertThat(answer.getJsonArray("missing")).isEmpty();
        assertThat(inFlight.join().body()).isEqualTo("fetch 1");

        for (TestNode node : nodes) {
            HttpResponse<String> after = fetch(node, "/race/page");
            assertThat(after.body()).isEqualTo("fetch 2");
        }
        assertThat(origin.hits("/race/page")).isEqualTo(2);
    }

    @Test
    @DisplayName("a soft purge during a fetch stores the fetched page as stale, so it is refreshed before it counts as fresh")
    void fetchStraddlingASoftPurgeIsStoredStale() {
        origin.on("/race/soft", Reply.ok().cacheControl("max-age=600").delay(800).body(n -> "fetch " + n));
        CompletableFuture<HttpResponse<String>> inFlight = send(nodes.get(0), "/race/soft");
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/race/soft") == 1);

        admin(nodes.get(2), "/purge", "{\"urls\": [\"/race/soft\"], \"soft\": true}");
        assertThat(inFlight.join().body()).isEqualTo("fetch 1");

        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/race/soft") == 2
                || !cacheStatus(fetch(nodes.get(1), "/race/soft")).equals("HIT"));
        HttpResponse<String> next = fetch(nodes.get(1), "/race/soft");
        assertThat(cacheStatus(next)).isNotEqualTo("HIT").as("the straddling fetch must not count as fresh");
    }

    @Test
    @DisplayName("rejected purge calls purge nothing: no token, a wrong token, malformed JSON, an unknown field")
    void rejectedCallsPurgeNothing() {
        origin.on("/guarded/page", Reply.ok().cacheControl("max-age=600"));
        warmOnEveryNode("/guarded/page");
        String url = nodes.get(0).adminUrl("/purge");

        assertThat(TestClient.send("POST", url, "{\"urls\": [\"/guarded/page\"]}").statusCode()).isEqualTo(401);
        assertThat(TestClient.send("POST", url, "{\"urls\": [\"/guarded/page\"]}", "Authorization", "Bearer nope").statusCode())
                .isEqualTo(403);
        assertThat(TestClient.send("POST", url, "{\"urls\": [\"/guarded/page\"], \"secret\": \"nope\"}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> malformed = TestClient.send("POST", url, "{\"urls\": [", "Authorization", "Bearer " + TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON");
        HttpResponse<String> unknown = TestClient.send("POST", url, "{\"url\": [\"/guarded/page\"]}", "Authorization",
                "Bearer " + TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'url'");

        for (TestNode node : nodes) {
            assertThat(cacheStatus(fetch(node, "/guarded/page"))).isEqualTo("HIT");
        }
        assertThat(origin.hits("/guarded/page")).isEqualTo(1);
    }

    @Test
    @DisplayName("purge propagation: every node misses as soon as the purge is acknowledged (measured over 50 purges)")
    void purgePropagationIsMeasured() {
        origin.on("/measured/page", Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n));
        long[] millis = new long[50];
        for (int round = 0; round < millis.length; round++) {
            warmOnEveryNode("/measured/page");
            String before = fetch(nodes.get(0), "/measured/page").body();
            long started = System.nanoTime();
            admin(nodes.get(round % 3), "/purge", "{\"urls\": [\"/measured/page\"]}");
            millis[round] = (System.nanoTime() - started) / 1_000_000;
            for (TestNode node : nodes) {
                assertThat(fetch(node, "/measured/page").body()).isNotEqualTo(before);
            }
        }
        Arrays.sort(millis);
        System.out.printf("[measured] purge acknowledged by 3 in-JVM members: p50 %d ms, p99 %d ms, max %d ms%n",
                millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1], millis[millis.length - 1]);
    }

    private static void warmOnEveryNode(String path) {
        for (TestNode node : nodes) {
            fetch(node, path);
        }
        for (TestNode node : nodes) {
            assertThat(cacheStatus(fetch(node, path))).isEqualTo("HIT");
        }
    }

    private static HttpResponse<String> fetch(TestNode node, String path) {
        return get(node.url(path), "Host", SITE);
    }

    private static CompletableFuture<HttpResponse<String>> send(TestNode node, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url(path))).header("Host", SITE)
                .timeout(Duration.ofSeconds(20)).build();
        return TestClient.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject admin(TestNode node, String path, String body) {
        HttpResponse<String> response = TestClient.send("POST", node.adminUrl(path), body, "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static JsonObject adminWithoutToken(TestNode node, String path, String body) {
        HttpResponse<String> response = TestClient.send("POST", node.adminUrl(path), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }
}
