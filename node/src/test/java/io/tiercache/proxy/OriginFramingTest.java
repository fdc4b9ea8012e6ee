package io.tiercache.proxy;

import io.tiercache.testing.BodyIgnoringOrigin;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.tiercache.testing.BodyIgnoringOrigin.answerFor;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request smuggling against an origin that ignores bodies it does not expect ("CL.0"): one event
 * loop and one origin connection, so every request would share the connection a smuggled request
 * was left on. No later client may get a response meant for another request, and nothing may be
 * stored under the wrong key.
 */
class OriginFramingTest {

    private static final String YAML = """
            node:
              event-loops: 1
            origin:
              max-connections: 1
              read-timeout: 2s
            """;
    private static final String SMUGGLED = "GET /evil HTTP/1.1\r\nHost: victim.test\r\nX-Ignore: ";

    static BodyIgnoringOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = BodyIgnoringOrigin.start();
        node = TestNode.start(origin.url(), YAML);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static String withBody(String method, String path, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    /** The next visitor of {@code path} gets the origin's answer for it, and so does the one after, from cache. */
    private static void assertServedItsOwnResponse(String path) {
        HttpResponse<String> miss = get(node.url(path));
        HttpResponse<String> hit = get(node.url(path));

        assertThat(miss.body()).isEqualTo(answerFor(path));
        assertThat(cacheStatus(miss)).isEqualTo("MISS");
        assertThat(hit.body()).isEqualTo(answerFor(path));
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        assertThat(new String(node.stored(path).body(), StandardCharsets.ISO_8859_1)).isEqualTo(answerFor(path));
        assertThat(origin.targets()).doesNotContain("/evil", "/unrequested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void aSmuggledRequestInTheBodyOfAGetOrHeadNeverReachesTheOrigin(String method) {
        int seen = origin.targets().size();

        String answer = RawHttp.exchange(node.port(), withBody(method, "/static/" + method, SMUGGLED));

        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(origin.targets()).hasSize(seen);
        assertServedItsOwnResponse("/page1/after-" + method);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS", "DELETE", "TRACE", "PROPFIND"})
    void aBodyOnAMethodWithoutBodySemanticsGoesOnAConnectionClosedAfterTheExchange(String method) {
        int closed = origin.connectionsClosedByPeer();

        String answer = RawHttp.exchange(node.port(), withBody(method, "/static/" + method, SMUGGLED));

        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
        assertThat(RawHttp.body(answer)).isEqualTo(answerFor("/static/" + method));
        await("the node to close the origin connection that carried the body").atMost(Duration.ofSeconds(5))
                .until(() -> origin.connectionsClosedByPeer() == closed + 1);
        assertServedItsOwnResponse("/page1/after-" + method);
    }

    @Test
    void postBodiesStayOnTheKeepAliveConnection() {
        get(node.url("/warm-connection"));
        int opened = origin.connectionsOpened();
        int closed = origin.connectionsClosedByPeer();

        HttpResponse<String> first = send("POST", node.url("/form"), "a=1");
        HttpResponse<String> second = send("PUT", node.url("/form"), "a=2");

        assertThat(first.body()).isEqualTo(answerFor("/form"));
        assertThat(second.body()).isEqualTo(answerFor("/form"));
        assertThat(origin.connectionsOpened()).isEqualTo(opened);
        assertThat(origin.connectionsClosedByPeer()).isEqualTo(closed);
    }

    /** A HEAD response announces a length but has no content: the connection stays in step and is kept. */
    @Test
    void aPassedHeadKeepsTheConnectionInStep() {
        get(node.url("/warm-connection"));
        int opened = origin.connectionsOpened();
        int closed = origin.connectionsClosedByPeer();

        HttpResponse<String> head = send("HEAD", node.url("/head-pass"), null, "Authorization", "Bearer x");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(
                Integer.toString(answerFor("/head-pass").length()));
        assertServedItsOwnResponse("/page3/after-head");
        assertThat(origin.connectionsOpened()).isEqualTo(opened);
        assertThat(origin.connectionsClosedByPeer()).isEqualTo(closed);
    }

    @Test
    void anUnsolicitedResponseIsNeverMatchedToTheNextRequest() {
        int closed = origin.connectionsClosedByPeer();

        HttpResponse<String> first = get(node.url("/unsolicited/first"));

        assertThat(first.body()).isEqualTo(answerFor("/unsolicited/first"));
        await("the node to drop the origin connection that answered unasked").atMost(Duration.ofSeconds(5))
                .until(() -> origin.connectionsClosedByPeer() == closed + 1);
        assertServedItsOwnResponse("/page2/after-unsolicited");
    }
}
