package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/cms.yaml on a real node, attacked the way a penetration tester would: other spellings of
 * an uncached path, web cache deception on the static route, cookies on a second line, and purges
 * spelled another way.
 */
class CmsExampleEdgeTest {

    /** Surefire runs in the module directory, one level below the repository root. */
    private static final Path EXAMPLE = Path.of("..", "examples", "cms.yaml");

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() throws IOException {
        origin = TestOrigin.start();
        node = TestNode.start(origin, Files.readString(EXAMPLE));
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static String get(String target, String... headerLines) {
        return RawHttp.get(node.port(), target, headerLines);
    }

    private static String cacheStatus(String answer) {
        return RawHttp.header(answer, "X-Cache-Status");
    }

    /** A personal answer with no caching headers at all: the pages route would keep it for 10 minutes. */
    private static Reply personal(String who) {
        return Reply.ok().header("Content-Type", "application/json").body("{\"user\": \"" + who + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"//api/me", "/%61pi/me", "/./api/me", "/x/../api/me", "/api/./me", "/api//me", "/%2e/api/me"})
    void otherSpellingsOfAnApiPathStayUncachedAndReachTheOriginNormalised(String spelling) {
        origin.on("/api/me", personal("alice"));
        int before = origin.hits("/api/me");

        String first = get(spelling);
        String second = get(spelling);

        assertThat(cacheStatus(first)).isEqualTo("BYPASS");
        assertThat(cacheStatus(second)).isEqualTo("BYPASS");
        assertThat(origin.hits("/api/me") - before).as("both reached the origin as /api/me").isEqualTo(2);
        assertThat(origin.seen().stream().map(TestOrigin.Seen::uri)).doesNotContain(spelling);
    }

    @Test
    void anEncodedSlashUnderTheApiPrefixStaysUncachedAndKeepsItsEncoding() {
        origin.on("/api%2Fme", personal("alice"));

        String first = get("/api%2fme");
        String second = get("/api%2fme");

        assertThat(cacheStatus(first)).isEqualTo("BYPASS");
        assertThat(cacheStatus(second)).isEqualTo("BYPASS");
        assertThat(origin.hits("/api%2Fme")).as("the origin decides what %2F means").isEqualTo(2);
    }

    @Test
    void anEncodedDotDotThroughAnEncodedSlashCannotLeaveTheApiPrefix() {
        origin.on("/blog%2F..%2Fapi%2Fme", personal("alice"));

        assertThat(cacheStatus(get("/blog%2f..%2fapi%2fme"))).isEqualTo("BYPASS");
        assertThat(cacheStatus(get("/blog%2f..%2fapi%2fme"))).isEqualTo("BYPASS");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../api/me", "/a/../../etc/passwd", "/%2e%2e/x", "/api/me%00", "/a%0d%0aX-Injected:%201", "/a%zz"})
    void pathsWithoutASafeNormalFormAre400AndNeverReachTheOrigin(String target) {
        int before = origin.totalHits();

        String answer = get(target);

        assertThat(RawHttp.status(answer)).isEqualTo(400);
        assertThat(RawHttp.body(answer)).startsWith("400 Bad Request: ");
        assertThat(origin.totalHits()).isEqualTo(before);
    }

    @Test
    void spellingsOfOnePageShareOneEntry() {
        origin.on("/~team/about", Reply.ok().header("Content-Type", "text/html").body("team"));

        String first = get("/%7eteam/about");
        String second = get("/~team//./about");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(node.stored("/~team/about")).isNotNull();
    }

    @Test
    void aPageAnsweredForAStaticLookingUrlIsNotStored() {
        // /account.php/x.css reaches account.php on a PHP origin: web cache deception.
        origin.on("/account.php/x.css", Reply.ok().header("Content-Type", "text/html; charset=utf-8")
                .body("<h1>Account of alice</h1>"));

        String first = get("/account.php/x.css");
        String second = get("/account.php/x.css");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(RawHttp.header(first, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; fwd-status=200");
        assertThat(origin.hits("/account.php/x.css")).isEqualTo(2);
        assertThat(node.stored("/account.php/x.css")).isNull();
    }

    @Test
    void aStylesheetIsStillStoredForThirtyDays() {
        origin.on("/static/app.css", Reply.ok().header("Content-Type", "text/css").cacheControl("no-cache")
                .header("Set-Cookie", "session_id=abc").body("body{}"));

        get("/static/app.css");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/static/app.css") != null);

        assertThat(cacheStatus(get("/static/app.css"))).isEqualTo("HIT");
        assertThat(node.stored("/static/app.css").freshnessLeftMillis(System.currentTimeMillis()))
                .isGreaterThan(Duration.ofDays(29).toMillis());
    }

    @Test
    void aSessionCookieOnASecondCookieLineSkipsTheCache() {
        origin.on("/pricing", Reply.ok().header("Content-Type", "text/html").body("prices for you"));

        String answer = get("/pricing", "Cookie: theme=dark", "Cookie: session_id=abc");

        assertThat(cacheStatus(answer)).isEqualTo("BYPASS");
        assertThat(RawHttp.header(answer, "Cache-Status")).as("minimal: the cookie is not named")
                .isEqualTo("tiercache; fwd=bypass; fwd-status=200");
        assertThat(node.stored("/pricing")).isNull();
        assertThat(origin.last("/pricing").headers().getAll("Cookie")).containsExactly("theme=dark; session_id=abc");
    }

    @Test
    void aPurgeSpelledAnotherWayPurgesWhatWasStored() {
        origin.on("/blog/post-1", Reply.ok().header("Content-Type", "text/html").body("post"));
        get("/blog/post-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/blog/post-1") != null);

        String answer = RawHttp.exchange(node.port(), "PURGE /%62log/./post-1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + node.port() + "\r\n\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(new JsonObject(RawHttp.body(answer)).getInteger("purged")).isEqualTo(1);
        assertThat(node.stored("/blog/post-1")).isNull();
    }

    @Test
    void anAdminPurgeSpelledAnotherWayPurgesWhatWasStored() {
        origin.on("/docs/install", Reply.ok().header("Content-Type", "text/html").body("install"));
        get("/docs/install");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/docs/install") != null);

        var purged = TestClient.send("POST", node.adminUrl("/purge"),
                "{\"urls\": [\"/docs//%69nstall\"], \"prefixes\": [\"/%64ocs/x/..\"]}");

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(purged.body()).getInteger("purged")).isEqualTo(1);
        assertThat(node.stored("/docs/install")).isNull();
    }

    @Test
    void anAdminPurgeOfAPathAboveTheRootIs400() {
        var refused = TestClient.send("POST", node.adminUrl("/purge"), "{\"prefixes\": [\"/../\"]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("error"))
                .isEqualTo("'prefixes' entry '/../': the path climbs above the root");
    }
}
