package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no well-behaved client sends, over a raw socket. Each is answered by the node itself
 * with its status, never reaches the origin, stores nothing, and leaves the node serving: the
 * next normal request for the same path is the origin's first.
 */
class BadInputTest {

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

    private static String host() {
        return "Host: 127.0.0.1:" + node.port() + "\r\n";
    }

    /** Sends {@code raw}, which targets {@code path}, and checks that it was refused cleanly. */
    private static String assertRefused(String path, String raw, int status) {
        origin.on(path, Reply.ok().cacheControl("max-age=60"));
        int seenBefore = origin.totalHits();

        String answer = RawHttp.exchange(node.port(), raw);

        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(status);
        assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("BYPASS");
        if (!raw.startsWith("HEAD ")) {
            assertThat(RawHttp.body(answer)).startsWith(status + " ").hasSizeLessThan(200);
        }
        assertThat(origin.totalHits()).isEqualTo(seenBefore);
        assertThat(node.storedEntry(path)).isNull();
        HttpResponse<String> normal = get(node.url(path));
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(normal)).isEqualTo("MISS");
        assertThat(normal.body()).isEqualTo("body #1");
        return answer;
    }

    @Test
    void oversizedHeadersGet431() {
        assertRefused("/bad/huge-headers", "GET /bad/huge-headers HTTP/1.1\r\n" + host()
                + "X-Padding: " + "a".repeat(20 * 1024) + "\r\n\r\n", 431);
    }

    @Test
    void overLongUriGets414() {
        assertRefused("/bad/long-uri", "GET /bad/long-uri?q=" + "a".repeat(9 * 1024) + " HTTP/1.1\r\n" + host() + "\r\n",
                414);
    }

    @Test
    void contentLengthWithTransferEncodingGets400() {
        assertRefused("/bad/smuggling", "POST /bad/smuggling HTTP/1.1\r\n" + host()
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    /** RFC 9112 §6.1: a request whose final transfer coding is not chunked cannot be framed. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Transfer-Encoding: identity\r\n",
            "Transfer-Encoding: xchunked\r\n",
            "Transfer-Encoding: chunked, identity\r\n",
            "Transfer-Encoding: gzip\r\n",
            "Transfer-Encoding: chunked, chunked\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
            "Transfer-Encoding:\r\n chunked\r\n",
            "Transfer-Encoding: chunked\r\n identity\r\n",
            "Transfer-Encoding: \"chunked\"\r\n",
            "Transfer-Encoding: chunked;q=1\r\n"})
    void transferEncodingWhoseFinalCodingIsNotChunkedGets400(String fields) {
        assertChunkedPostRefused(fields, 400);
    }

    /** RFC 9112 §6.1: a transfer coding the node does not implement gets 501, as nginx answers it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Transfer-Encoding: gzip, chunked\r\n",
            "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: identity, chunked\r\n"})
    void transferCodingBeforeChunkedGets501(String fields) {
        assertChunkedPostRefused(fields, 501);
    }

    /** A POST with a chunked body and these Transfer-Encoding field lines is refused, and its connection closed. */
    private static void assertChunkedPostRefused(String fields, int status) {
        String path = "/bad/te/" + status + "/" + Integer.toHexString(fields.hashCode());
        String answer = assertRefused(path, "POST " + path + " HTTP/1.1\r\n" + host() + fields
                + "\r\n5\r\nhello\r\n0\r\n\r\n", status);
        assertThat(RawHttp.header(answer, "Connection")).isEqualTo("close");
    }

    /** A cache is no forward proxy: CONNECT would turn a pooled origin connection into a tunnel. */
    @Test
    void connectGets501() {
        assertRefused("/bad/connect", "CONNECT /bad/connect HTTP/1.1\r\n" + host() + "\r\n", 501);
    }

    /** RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing. */
    @Test
    void transferEncodingInHttp10Gets400() {
        assertRefused("/bad/te-http10", "POST /bad/te-http10 HTTP/1.0\r\n" + host()
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "Chunked", "CHUNKED", " chunked ", "chunked ,"})
    void chunkedInAnyCaseIsFramedAndForwarded(String coding) {
        origin.on("/bad/te-ok", Reply.ok().body("received"));
        int before = origin.hits("/bad/te-ok");

        String answer = RawHttp.exchange(node.port(), "POST /bad/te-ok HTTP/1.1\r\n" + host()
                + "Transfer-Encoding: " + coding + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
        assertThat(origin.hits("/bad/te-ok")).isEqualTo(before + 1);
        assertThat(origin.last("/bad/te-ok").body().toString()).isEqualTo("hello");
    }

    /**
     * RFC 9110 §9.3.1/§9.3.2: content in GET or HEAD has no defined meaning and is a smuggling risk
     * (an origin that ignores it reads it as the next request), so it is refused before the body is
     * read: the node answers although only part of the announced body was sent.
     */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void getOrHeadWithAContentLengthBodyGets400WithoutReadingIt(String method) {
        assertBodyRefused(method, "Content-Length: 100\r\n\r\nGET /evil HTTP/1.1\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void getOrHeadWithAChunkedBodyGets400(String method) {
        assertBodyRefused(method, "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    }

    /** {@code framing} is the body's fields, the blank line and (some of) the body. */
    private static void assertBodyRefused(String method, String framing) {
        String path = "/bad/body/" + method + "/" + Integer.toHexString(framing.hashCode());
        String answer = assertRefused(path, method + " " + path + " HTTP/1.1\r\n" + host() + framing, 400);
        assertThat(RawHttp.header(answer, "Connection")).isEqualTo("close");
    }

    @Test
    void getWithAnEmptyContentLengthIsServed() {
        origin.on("/bad/get-empty", Reply.ok().cacheControl("max-age=60"));

        String answer = RawHttp.exchange(node.port(), "GET /bad/get-empty HTTP/1.1\r\n" + host()
                + "Content-Length: 0\r\n\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("MISS");
    }

    @Test
    void malformedChunkedBodyGets400() {
        assertRefused("/bad/chunks", "POST /bad/chunks HTTP/1.1\r\n" + host()
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400);
    }

    @Test
    void malformedRequestLineGets400() {
        assertRefused("/bad/line", "GET /bad/line HTTX/1.1\r\n" + host() + "\r\n", 400);
    }

    @Test
    void requestLineWithoutAVersionGets400() {
        assertRefused("/bad/no-version", "GET /bad/no-version\r\n" + host() + "\r\n", 400);
    }

    @Test
    void requestTargetThatIsNotAPathGets400() {
        // Keyed as Host + target, ":8080/..." would land on the entry of another authority.
        assertRefused("/bad/target", "GET :8080/bad/target HTTP/1.1\r\n" + host() + "\r\n", 400);
        assertThat(origin.seen()).noneMatch(seen -> seen.uri().startsWith(":"));
    }

    @Test
    void malformedMethodTokenGets400() {
        assertRefused("/bad/method", "G(T /bad/method HTTP/1.1\r\n" + host() + "\r\n", 400);
    }

    @Test
    void malformedHostGets400() {
        assertRefused("/bad/host", "GET /bad/host HTTP/1.1\r\nHost: bad host\r\n\r\n", 400);
    }

    @Test
    void hostWithAnImpossiblePortGets400() {
        assertRefused("/bad/port", "GET /bad/port HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n", 400);
    }

    @Test
    void twoHostHeadersGet400() {
        assertRefused("/bad/two-hosts", "GET /bad/two-hosts HTTP/1.1\r\n" + host() + "Host: elsewhere.example\r\n\r\n",
                400);
    }

    @Test
    void http11WithoutHostGets400() {
        assertRefused("/bad/no-host", "GET /bad/no-host HTTP/1.1\r\n\r\n", 400);
    }

    @Test
    void http10WithoutHostIsServed() {
        origin.on("/bad/http10", Reply.ok().cacheControl("no-store"));

        String answer = RawHttp.exchange(node.port(), "GET /bad/http10 HTTP/1.0\r\n\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(origin.hits("/bad/http10")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "OPTIONS", "PROPFIND"})
    void otherMethodsPassThroughToTheOrigin(String method) {
        String path = "/methods/" + method.toLowerCase();
        origin.on(path, Reply.ok().cacheControl("max-age=60").body(method + " handled"));

        HttpResponse<String> first = send(method, node.url(path), "<request/>");
        HttpResponse<String> second = send(method, node.url(path), "<request/>");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(method + " handled");
        assertThat(cacheStatus(first)).isEqualTo("BYPASS");
        assertThat(cacheStatus(second)).isEqualTo("BYPASS");
        assertThat(origin.hits(path)).isEqualTo(2);
        assertThat(origin.last(path).method()).isEqualTo(method);
        assertThat(origin.last(path).body().toString()).isEqualTo("<request/>");
        assertThat(node.storedEntry(path)).isNull();
    }
}
