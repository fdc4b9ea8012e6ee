package io.tiercache.proxy;

import io.tiercache.policy.NormalisedPath;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the origin is told about the request beyond its URL: the node's own Forwarded and
 * X-Forwarded-* values unless a trusted proxy set them, and no override header a route does not
 * forward (and key on). 127.0.0.2 plays the load balancer; Linux routes all of 127/8 to loopback.
 */
class ForwardedFieldsTest {

    private static final String YAML = """
            node:
              trusted-proxies: [127.0.0.2]
            admin:
              purge-allow: [127.0.0.1]
            routes:
              - name: legacy
                match: {prefix: /legacy/}
                ttl: 1m
                forward-headers: [X-Original-URL]
              - name: pages
                match: {prefix: /}
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

    private static String request(String from, String method, String path, String... headerLines) {
        return RawHttp.send(from, node.port(), method, path, headerLines);
    }

    /** An origin that builds its links from X-Forwarded-Proto and X-Forwarded-Host, as many frameworks do. */
    private static void echoLinks(String path) {
        origin.handle(path, request -> request.response().putHeader("Content-Type", "text/html")
                .end("<a href=\"" + request.getHeader("X-Forwarded-Proto") + "://" + request.getHeader("X-Forwarded-Host")
                        + "/\">home</a>"));
    }

    @Test
    void aClientsForwardedProtoNeverReachesAPageThatOthersAreServed() {
        echoLinks("/poisoned-links");

        String attack = request("127.0.0.1", "GET", "/poisoned-links", "X-Forwarded-Proto: javascript",
                "X-Forwarded-Host: evil.test", "Forwarded: proto=javascript;host=evil.test");
        String victim = request("127.0.0.1", "GET", "/poisoned-links");

        String port = Integer.toString(node.port());
        assertThat(RawHttp.body(attack)).isEqualTo("<a href=\"http://127.0.0.1:" + port + "/\">home</a>");
        assertThat(RawHttp.header(victim, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.body(victim)).isEqualTo(RawHttp.body(attack));
    }

    @Test
    void theOriginGetsTheNodesOwnForwardingFieldsFromAnUntrustedClient() {
        origin.on("/own-fields", Reply.ok().cacheControl("no-store"));

        request("127.0.0.1", "GET", "/own-fields", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Port: 443",
                "X-Real-IP: 203.0.113.9", "Forwarded: for=203.0.113.9");

        MultiMap seen = origin.last("/own-fields").headers();
        String host = "127.0.0.1:" + node.port();
        assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.getAll("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.getAll("X-Forwarded-Host")).containsExactly(host);
        assertThat(seen.getAll("X-Forwarded-Port")).containsExactly(Integer.toString(node.port()));
        assertThat(seen.getAll("X-Real-IP")).containsExactly("127.0.0.1");
        assertThat(seen.getAll("Forwarded")).containsExactly("for=127.0.0.1;host=\"" + host + "\";proto=http");
    }

    @Test
    void aTrustedProxysFieldsAreForwardedAsGivenAndTheNodeAddsItself() {
        origin.on("/behind-lb", Reply.ok().cacheControl("no-store"));

        request("127.0.0.2", "GET", "/behind-lb", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: www.example.test", "X-Forwarded-Port: 443", "X-Real-IP: 203.0.113.9",
                "Forwarded: for=203.0.113.9;proto=https");

        MultiMap seen = origin.last("/behind-lb").headers();
        assertThat(seen.getAll("X-Forwarded-For")).containsExactly("203.0.113.9, 127.0.0.2");
        assertThat(seen.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.getAll("X-Forwarded-Host")).containsExactly("www.example.test");
        assertThat(seen.getAll("X-Forwarded-Port")).containsExactly("443");
        assertThat(seen.getAll("X-Real-IP")).containsExactly("203.0.113.9");
        assertThat(seen.getAll("Forwarded")).containsExactly("for=203.0.113.9;proto=https, for=127.0.0.2;host=\"127.0.0.1:"
                + node.port() + "\";proto=https");
    }

    @Test
    void httpAndHttpsFromATrustedProxyAreKeyedApart() {
        echoLinks("/scheme-keyed");

        String https = request("127.0.0.2", "GET", "/scheme-keyed", "X-Forwarded-Proto: https");
        String http = request("127.0.0.2", "GET", "/scheme-keyed", "X-Forwarded-Proto: http");
        String httpsAgain = request("127.0.0.2", "GET", "/scheme-keyed", "X-Forwarded-Proto: https");

        assertThat(RawHttp.header(https, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(http, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(httpsAgain, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.body(httpsAgain)).startsWith("<a href=\"https://");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                node.node().member().entries().containsKey("https://127.0.0.1:" + node.port() + "/scheme-keyed"));
    }

    @Test
    void anUntrustedClientCannotChooseTheHttpsKey() {
        echoLinks("/scheme-untrusted");

        request("127.0.0.1", "GET", "/scheme-untrusted", "X-Forwarded-Proto: https");

        assertThat(origin.last("/scheme-untrusted").headers().get("X-Forwarded-Proto")).isEqualTo("http");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/scheme-untrusted") != null);
    }

    @Test
    void aWarmUpOfAnHttpsUrlFillsTheHttpsKey() {
        echoLinks("/warm-https");
        String url = "https://127.0.0.1:" + node.port() + "/warm-https";

        var warmed = TestClient.send("POST", node.adminUrl("/warm"), "{\"urls\": [\"" + url + "\"]}");

        assertThat(warmed.statusCode()).isEqualTo(200);
        assertThat(node.node().member().entries().containsKey(url)).isTrue();
        assertThat(RawHttp.header(request("127.0.0.2", "GET", "/warm-https", "X-Forwarded-Proto: https"),
                "X-Cache-Status")).isEqualTo("HIT");
    }

    @Test
    void overrideHeadersAreStrippedFromCachedAndPassedRequests() {
        origin.on("/overrides", Reply.ok().cacheControl("max-age=60"));
        String[] overrides = {"X-Original-URL: /admin", "X-Rewrite-URL: /admin", "X-HTTP-Method-Override: DELETE",
                "X-HTTP-Method: DELETE", "X-Method-Override: DELETE", "X-Forwarded-Scheme: javascript",
                "X-Forwarded-SSL: on", "X-Url-Scheme: https", "Front-End-Https: on", "X-Forwarded-Prefix: /evil",
                "X-Forwarded-Server: evil.test", "X-Host: evil.test", "X-Original-Host: evil.test"};

        request("127.0.0.1", "GET", "/overrides", overrides);
        String[] post = Arrays.copyOf(overrides, overrides.length + 1);
        post[overrides.length] = "Content-Length: 0";
        request("127.0.0.2", "POST", "/overrides", post);

        assertThat(origin.seen("/overrides")).extracting(TestOrigin.Seen::method).containsExactly("GET", "POST");
        for (TestOrigin.Seen seen : origin.seen("/overrides")) {
            for (String override : overrides) {
                String name = override.substring(0, override.indexOf(':'));
                assertThat(seen.headers().contains(name)).as(seen.method() + " carries " + name).isFalse();
            }
        }
    }

    @Test
    void aForwardedOverrideHeaderIsPartOfTheRoutesKey() {
        origin.handle("/legacy/page", request -> request.response().putHeader("Cache-Control", "max-age=60")
                .end("page for " + request.getHeader("X-Original-URL")));

        String admin = request("127.0.0.1", "GET", "/legacy/page", "X-Original-URL: /admin");
        String plain = request("127.0.0.1", "GET", "/legacy/page");
        String adminAgain = request("127.0.0.1", "GET", "/legacy/page", "X-Original-URL: /admin");
        String plainAgain = request("127.0.0.1", "GET", "/legacy/page");

        assertThat(RawHttp.body(admin)).isEqualTo("page for /admin");
        assertThat(RawHttp.header(plain, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.body(plain)).isEqualTo("page for null");
        assertThat(RawHttp.header(adminAgain, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.body(adminAgain)).isEqualTo("page for /admin");
        assertThat(RawHttp.header(plainAgain, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.body(plainAgain)).isEqualTo("page for null");
        assertThat(origin.hits("/legacy/page")).isEqualTo(2);
    }

    @Test
    void anIpv6ClientAndAHostWithAPortAreQuotedInForwarded() {
        RequestTarget target = new RequestTarget("https", "www.example.test:8443", NormalisedPath.of("/"), null, false,
                8080);

        assertThat(ForwardedFields.element("2001:db8::7", target))
                .isEqualTo("for=\"[2001:db8::7]\";host=\"www.example.test:8443\";proto=https");
        assertThat(ForwardedFields.element("192.0.2.7",
                new RequestTarget("http", "www.example.test", NormalisedPath.of("/"), null, false, 8080)))
                .isEqualTo("for=192.0.2.7;host=www.example.test;proto=http");
    }
}
