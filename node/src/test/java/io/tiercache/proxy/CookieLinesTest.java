package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request may carry its cookies, or any list field, on several lines: bypass rules, cache keys and
 * the origin all see every line, combined.
 */
class CookieLinesTest {

    private static final String YAML = """
            routes:
              - name: by-language
                match: {prefix: /lang/}
                ttl: 1m
                key: "{path}|{cookie.lang}|{header.Accept-Language}"
              - name: pages
                match: {prefix: /}
                ttl: 1m
                bypass: {headers: [Authorization], cookies: [session_id]}
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

    private static String get(String target, String... headerLines) {
        return RawHttp.get(node.port(), target, headerLines);
    }

    /** Answers with what the origin read: every Cookie line, and Accept-Language as a framework combines it. */
    private static void echo(String path) {
        origin.handle(path, request -> request.response().end("cookies=" + request.headers().getAll("Cookie")
                + " languages=" + String.join(", ", request.headers().getAll("Accept-Language"))));
    }

    @Test
    void aBypassCookieOnTheSecondCookieLineSkipsTheCache() {
        echo("/account");

        String first = get("/account", "Cookie: theme=dark", "Cookie: session_id=abc");
        String anonymous = get("/account");

        assertThat(RawHttp.header(first, "X-Cache-Status")).isEqualTo("BYPASS");
        assertThat(RawHttp.header(first, "Cache-Status")).isEqualTo("tiercache; fwd=bypass; fwd-status=200; "
                + "detail=\"cookie session_id\"");
        assertThat(RawHttp.header(anonymous, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.body(anonymous)).doesNotContain("session_id");
    }

    @Test
    void aBypassCookieWithAValueAStrictParserRefusesStillCounts() {
        echo("/lenient");

        String answer = get("/lenient", "Cookie: session_id=\"a b\"c");

        assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("BYPASS");
    }

    @Test
    void theOriginGetsOneCookieLine() {
        echo("/one-line");

        String answer = get("/one-line", "Cookie: a=1", "Cookie: b=2; c=3");

        assertThat(RawHttp.body(answer)).startsWith("cookies=[a=1; b=2; c=3]");
    }

    @Test
    void aKeyCookieOnTheSecondLineIsInTheKey() {
        echo("/lang/cookie");

        String english = get("/lang/cookie", "Cookie: theme=dark", "Cookie: lang=en");
        String german = get("/lang/cookie", "Cookie: theme=dark", "Cookie: lang=de");
        String germanAgain = get("/lang/cookie", "Cookie: lang=de");

        assertThat(RawHttp.header(english, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(german, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.body(german)).contains("lang=de");
        assertThat(RawHttp.header(germanAgain, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.body(germanAgain)).contains("lang=de");
    }

    @Test
    void aKeyHeaderSplitOverTwoLinesIsKeyedOnBoth() {
        echo("/lang/header");

        String one = get("/lang/header", "Accept-Language: en");
        String two = get("/lang/header", "Accept-Language: en", "Accept-Language: de");

        assertThat(RawHttp.header(one, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(two, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.body(two)).endsWith("languages=en, de");
    }
}
