package io.tiercache.admin;

import io.tiercache.testing.EventStreamClient;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's data against three real members in this JVM: any node's page shows every member,
 * purges issued anywhere and the requests served anywhere; the key inspector's verdict is the one
 * the proxy then follows.
 */
class DashboardTest {

    static final String SITE = "dash.example.test";
    static final String TOKEN = "purge-secret";
    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        nodes = TestNode.cluster(3, origin, "admin: {purge-token: " + TOKEN + "}");
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("the page and the files it loads are served from the jar, and no other site may frame it")
    void thePageComesFromTheJar() throws IOException {
        HttpResponse<String> page = get(nodes.get(0).adminUrl("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(header(page, "Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/dashboard/app.js\"", "/dashboard/uPlot.iife.min.js");
        assertThat(header(page, "Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(header(page, "X-Frame-Options")).isEqualTo("DENY");
        for (String file : List.of("app.js", "app.css", "uPlot.iife.min.js", "uPlot.min.css")) {
            HttpResponse<String> asset = get(nodes.get(0).adminUrl("/dashboard/" + file));
            assertThat(asset.statusCode()).as(file).isEqualTo(200);
            assertThat(header(asset, "X-Content-Type-Options")).isEqualTo("nosniff");
            try (InputStream vendored = getClass().getClassLoader().getResourceAsStream("dashboard/" + file)) {
                assertThat(asset.body()).as(file).isEqualTo(new String(vendored.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @DisplayName("any node's page shows every member's figures, and traffic on one node moves the cluster's rates")
    void everyNodeShowsEveryMember() {
        origin.on("/overview/page", Reply.ok().cacheControl("max-age=3600").body("page"));
        try (EventStreamClient events = EventStreamClient.open(nodes.get(0).adminUrl("/dashboard/events"))) {
            JsonObject hello = events.await("hello", any -> true);
            assertThat(hello.getString("node")).isEqualTo("node-1");
            events.await("overview", overview -> members(overview).size() == 3
                    && members(overview).stream().allMatch(member -> "ready".equals(member.getString("phase"))
                    && !member.getBoolean("silent")));

            for (int i = 0; i < 20; i++) {
                get(nodes.get(2).url("/overview/page"), "Host", SITE);
            }

            JsonObject busy = events.await("overview", overview -> members(overview).stream().anyMatch(member ->
                    member.getString("node").equals("node-3") && member.getDouble("requestsPerSecond", 0.0) > 0));
            JsonObject third = members(busy).stream().filter(member -> member.getString("node").equals("node-3"))
                    .findFirst().orElseThrow();
            assertThat(third.getString("proxy")).isEqualTo("127.0.0.1:" + nodes.get(2).port());
            assertThat(third.getJsonObject("shared").getLong("entries") + sharedEntries(busy, "node-1")
                    + sharedEntries(busy, "node-2")).isGreaterThanOrEqualTo(1);
            assertThat(busy.getJsonObject("totals").getInteger("members")).isEqualTo(3);
            events.await("overview", overview -> overview.containsKey("point")
                    && overview.getJsonObject("point").getDouble("HIT", 0.0) > 0);
        }
    }

    @Test
    @DisplayName("a purge issued on one node is listed on every node's page, with who acknowledged it")
    void purgesIssuedElsewhereAreListed() {
        try (EventStreamClient events = EventStreamClient.open(nodes.get(0).adminUrl("/dashboard/events"))) {
            events.await("hello", any -> true);

            admin(nodes.get(1), "/purge", "{\"tags\": [\"listed-tag\"], \"soft\": true}");

            JsonObject listed = events.await("purges", message -> purgeOf(message, "listed-tag") != null);
            JsonObject purge = purgeOf(listed, "listed-tag");
            assertThat(purge.getString("node")).isEqualTo("node-2");
            assertThat(purge.getString("kind")).isEqualTo("tag");
            assertThat(purge.getBoolean("soft")).isTrue();
            assertThat(purge.getJsonArray("acknowledged")).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
            assertThat(purge.getJsonArray("missing")).isEmpty();
            assertThat(purge.getLong("millis")).isNotNegative();
        }
    }

    @Test
    @DisplayName("the inspector shows a fresh page's TTL, tags, origin node and hot copies, and says HIT as the proxy does")
    void inspectsAFreshPage() {
        origin.on("/inspect/fresh", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "post-7 blog")
                .header("ETag", "\"v7\"").body("fresh page"));
        assertThat(cacheStatus(get(nodes.get(1).url("/inspect/fresh"), "Host", SITE))).isEqualTo("MISS");

        JsonObject variant = single(inspect(nodes.get(0), "http://" + SITE + "/inspect/fresh", null, 1));
        assertThat(variant.getString("url")).isEqualTo("http://" + SITE + "/inspect/fresh");
        assertThat(variant.getInteger("status")).isEqualTo(200);
        assertThat(variant.getLong("lifetimeSeconds")).isEqualTo(600);
        assertThat(variant.getLong("ttlSeconds")).isBetween(590L, 600L);
        assertThat(variant.getString("freshnessSource")).isEqualTo("max-age");
        assertThat(variant.getJsonArray("tags")).containsExactly("post-7", "blog");
        assertThat(variant.getJsonObject("validators").getString("etag")).isEqualTo("\"v7\"");
        assertThat(variant.getLong("bytes")).isEqualTo("fresh page".length());
        assertThat(variant.getString("storedBy")).isEqualTo("node-2");
        assertThat(variant.getLong("storedAt")).isCloseTo(origin.clock().millis(), org.assertj.core.data.Offset.offset(30_000L));
        assertThat(variant.getJsonArray("hotCopies")).containsExactly("node-2");
        assertThat(variant.getJsonArray("headers").encode()).contains("\"ETag\",\"\\\"v7\\\"\"");
        assertThat(next(variant)).isEqualTo("HIT");
        assertThat(variant.getJsonObject("next").getString("reason")).contains("fresh for another", "max-age");
        assertThat(cacheStatus(get(nodes.get(0).url("/inspect/fresh"), "Host", SITE))).isEqualTo("HIT");
    }

    @Test
    @DisplayName("a soft-purged page is shown stale with a refresh to come, and the proxy serves it STALE")
    void inspectsASoftPurgedPage() {
        origin.on("/inspect/soft", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "soft-one")
                .body(n -> "edition " + n));
        get(nodes.get(0).url("/inspect/soft"), "Host", SITE);
        admin(nodes.get(2), "/purge", "{\"tags\": [\"soft-one\"], \"soft\": true}");

        JsonObject variant = single(inspect(nodes.get(1), "/inspect/soft", SITE, 1));

        assertThat(variant.getLong("softPurgedAt")).isNotNull();
        assertThat(next(variant)).isEqualTo("STALE");
        assertThat(variant.getJsonObject("next").getString("reason")).startsWith("soft-purged").contains("one refresh");
        assertThat(variant.getJsonObject("next").getLong("ttl")).isLessThanOrEqualTo(0);
        assertThat(cacheStatus(get(nodes.get(1).url("/inspect/soft"), "Host", SITE))).isEqualTo("STALE");
    }

    @Test
    @DisplayName("an expired page inside stale-while-revalidate is shown STALE, past a must-revalidate expiry REVALIDATE")
    void inspectsExpiredPages() {
        origin.on("/inspect/swr", Reply.ok().cacheControl("max-age=30, stale-while-revalidate=600").body("swr"));
        origin.onRevalidating("/inspect/strict", "\"s1\"", "max-age=30, must-revalidate");
        get(nodes.get(0).url("/inspect/swr"), "Host", SITE);
        get(nodes.get(0).url("/inspect/strict"), "Host", SITE);
        origin.clock().advance(Duration.ofSeconds(31));

        JsonObject swr = single(inspect(nodes.get(2), "/inspect/swr", SITE, 1));
        JsonObject strict = single(inspect(nodes.get(2), "/inspect/strict", SITE, 1));

        assertThat(next(swr)).isEqualTo("STALE");
        assertThat(swr.getJsonObject("next").getString("reason")).contains("stale-while-revalidate window of 10m");
        assertThat(swr.getLong("ttlSeconds")).isNegative();
        assertThat(next(strict)).isEqualTo("REVALIDATE");
        assertThat(strict.getBoolean("mustRevalidate")).isTrue();
        assertThat(strict.getJsonObject("next").getString("reason"))
                .contains("must-revalidate forbids serving it stale", "If-None-Match: \"s1\"");
        assertThat(cacheStatus(get(nodes.get(2).url("/inspect/swr"), "Host", SITE))).isEqualTo("STALE");
        assertThat(cacheStatus(get(nodes.get(2).url("/inspect/strict"), "Host", SITE))).isEqualTo("REVALIDATED");
    }

    @Test
    @DisplayName("each Vary variant is listed; a URL with nothing stored is a MISS; bad input is a 400 with the reason")
    void inspectsVariantsMissesAndBadInput() {
        origin.on("/inspect/vary", Reply.ok().cacheControl("max-age=600").header("Vary", "Accept-Language")
                .body(n -> "variant " + n));
        get(nodes.get(0).url("/inspect/vary"), "Host", SITE, "Accept-Language", "en");
        get(nodes.get(1).url("/inspect/vary"), "Host", SITE, "Accept-Language", "de");

        JsonObject variants = inspect(nodes.get(2), "/inspect/vary", null, 2);
        JsonObject nothing = inspect(nodes.get(2), "/inspect/never-stored", SITE, 0);

        assertThat(variants.getJsonArray("variants")).hasSize(2);
        assertThat(variants.getJsonArray("variants").stream().map(v -> ((JsonObject) v).getString("variant")))
                .allSatisfy(key -> assertThat(key).isNotBlank()).doesNotHaveDuplicates();
        assertThat(nothing.getJsonArray("variants")).isEmpty();
        assertThat(nothing.getJsonObject("next").getString("outcome")).isEqualTo("MISS");
        HttpResponse<String> bad = get(nodes.get(0).adminUrl("/inspect?url=" + encode("blog/post")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).contains("neither a path starting with / nor an http(s) URL");
        assertThat(get(nodes.get(0).adminUrl("/inspect")).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("the live access log shows what any node serves, filtered by node and cache status")
    void liveLogShowsOtherNodesRequests() {
        origin.on("/log/page", Reply.ok().cacheControl("max-age=600").body("logged"));
        try (EventStreamClient log = EventStreamClient.open(nodes.get(0).adminUrl("/dashboard/log?node=node-3&cache=MISS"))) {
            log.await("lines", any -> true);

            get(nodes.get(1).url("/log/page?from=2"), "Host", SITE);
            get(nodes.get(2).url("/log/page?from=3"), "Host", SITE);
            get(nodes.get(2).url("/log/page?from=3"), "Host", SITE);

            JsonObject shown = log.await("lines", message -> lines(message).stream()
                    .anyMatch(line -> line.getString("url").equals("/log/page?from=3")));
            JsonObject line = lines(shown).stream().filter(l -> l.getString("url").equals("/log/page?from=3"))
                    .findFirst().orElseThrow();
            assertThat(line.getString("node")).isEqualTo("node-3");
            assertThat(line.getString("cache")).isEqualTo("MISS");
            assertThat(line.getString("client")).isEqualTo("127.0.0.1");
            assertThat(line.getString("cacheStatus")).contains("fwd=uri-miss");
            int seen = log.events("lines").size();
            log.await("lines", any -> log.events("lines").size() >= seen + 2);
            assertThat(log.events("lines")).flatMap(event -> lines(event.data()))
                    .allSatisfy(other -> {
                        assertThat(other.getString("node")).isEqualTo("node-3");
                        assertThat(other.getString("cache")).isEqualTo("MISS");
                    });
        }
    }

    private static List<JsonObject> members(JsonObject overview) {
        return overview.getJsonArray("members").stream().map(JsonObject.class::cast).toList();
    }

    private static long sharedEntries(JsonObject overview, String node) {
        return members(overview).stream().filter(member -> member.getString("node").equals(node))
                .mapToLong(member -> member.getJsonObject("shared").getLong("entries")).sum();
    }

    private static List<JsonObject> lines(JsonObject message) {
        return message.getJsonArray("lines").stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject purgeOf(JsonObject message, String tag) {
        for (Object purge : message.getJsonArray("purges")) {
            JsonObject candidate = (JsonObject) purge;
            if (candidate.getJsonArray("tags").contains(tag)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The inspector's answer once it lists {@code variants} stored responses: a client may have read
     * the whole response a moment before the fill's store lands in the shared map.
     */
    private static JsonObject inspect(TestNode node, String url, String host, int variants) {
        JsonObject[] answer = new JsonObject[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> inspected = get(node.adminUrl("/inspect?url=" + encode(url)
                    + (host == null ? "" : "&host=" + encode(host))));
            assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
            answer[0] = new JsonObject(inspected.body());
            return answer[0].getJsonArray("variants").size() == variants;
        });
        return answer[0];
    }

    private static JsonObject single(JsonObject answer) {
        JsonArray variants = answer.getJsonArray("variants");
        assertThat(variants).as(answer.encodePrettily()).hasSize(1);
        return variants.getJsonObject(0);
    }

    private static String next(JsonObject variant) {
        return variant.getJsonObject("next").getString("outcome");
    }

    private static JsonObject admin(TestNode node, String path, String body) {
        HttpResponse<String> answer = TestClient.send("POST", node.adminUrl(path), body,
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new JsonObject(answer.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
