package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.ScriptedOrigin;
import io.tiercache.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.tiercache.testing.ScriptedOrigin.raw;
import static org.assertj.core.api.Assertions.assertThat;

/** Interim responses (RFC 9110 §15.2) from the origin reach the client as they arrive, and nothing else. */
class InterimResponsesTest {

    private static final String EARLY_HINTS = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
    private static final String PROCESSING = "HTTP/1.1 102 Processing\r\nX-Progress: half\r\n\r\n";

    static ScriptedOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = ScriptedOrigin.start();
        node = TestNode.start(origin.url(), "");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static String ok(String cacheControl, String body) {
        return "HTTP/1.1 200 OK\r\nCache-Control: " + cacheControl + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /** The final response of an answer: what follows the interim heads. */
    private static String finalResponse(String answer) {
        int at = answer.indexOf("HTTP/1.1 2");
        assertThat(at).as("a final response in %s", answer).isGreaterThanOrEqualTo(0);
        return answer.substring(at);
    }

    // RFC 9110 §15.2, RFC 8297: a miss relays the origin's 103 before the final response
    @Test
    void relaysEarlyHintsOnAMissAndNeverStoresThem() {
        origin.on("/hints/miss", raw(EARLY_HINTS, 200, ok("max-age=60", "page")));

        String miss = RawHttp.get(node.port(), "/hints/miss");
        String hit = RawHttp.get(node.port(), "/hints/miss");

        assertThat(miss).startsWith(EARLY_HINTS);
        assertThat(RawHttp.header(finalResponse(miss), "Link")).isNull();
        assertThat(RawHttp.body(finalResponse(miss))).isEqualTo("page");
        assertThat(node.stored("/hints/miss").headers().contains("Link")).isFalse();
        assertThat(hit).startsWith("HTTP/1.1 200");
        assertThat(RawHttp.header(hit, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.header(hit, "Link")).isNull();
    }

    // RFC 9110 §15.2: forwarded as they arrive, not held until the final response
    @Test
    void relaysEarlyHintsBeforeTheOriginHasAnswered() throws Exception {
        CountDownLatch clientHasHints = new CountDownLatch(1);
        origin.on("/hints/arrive", (socket, out) -> {
            out.write(EARLY_HINTS.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            boolean relayed = clientHasHints.await(10, TimeUnit.SECONDS);
            out.write(ok("max-age=60", relayed ? "after hints" : "hints held back").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        });
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", node.port()), 3000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /hints/arrive HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();

            assertThat(readUntil(in, "\r\n\r\n")).isEqualTo(EARLY_HINTS);
            clientHasHints.countDown();
            assertThat(readUntil(in, "after hints")).startsWith("HTTP/1.1 200");
        }
    }

    // RFC 9110 §15.2: any 1xx, not only 103, and on a passed-through request too
    @Test
    void relaysEveryInterimResponseOnAPass() {
        origin.on("/hints/form", raw(PROCESSING + EARLY_HINTS, 100,
                "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone"));

        String answer = RawHttp.exchange(node.port(), "POST /hints/form HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                + "\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(answer).startsWith(PROCESSING + EARLY_HINTS + "HTTP/1.1 201 Created\r\n");
        assertThat(RawHttp.header(finalResponse(answer), "X-Progress")).isNull();
        assertThat(RawHttp.body(finalResponse(answer))).isEqualTo("done");
    }

    // RFC 9110 §15.2: a server must not send a 1xx to an HTTP/1.0 client
    @Test
    void sendsNoInterimResponseToAnHttp10Client() {
        origin.on("/hints/old-client", raw(EARLY_HINTS, 100, ok("no-store", "page")));

        String answer = RawHttp.exchange(node.port(), "GET /hints/old-client HTTP/1.0\r\nHost: 127.0.0.1:"
                + node.port() + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.0 200 OK");
        assertThat(answer).doesNotContain("103");
    }

    // RFC 9110 §10.1.1: Expect: 100-continue still gets its 100 before the body is sent
    @Test
    void answersExpectContinueBeforeTheBodyIsSent() throws Exception {
        origin.on("/hints/upload", raw("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", node.port()), 3000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("POST /hints/upload HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                    + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();

            assertThat(readUntil(in, "\r\n\r\n")).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            client.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readUntil(in, "\r\n\r\nok")).startsWith("HTTP/1.1 201 Created");
        }
        assertThat(origin.hits("/hints/upload")).isEqualTo(1);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
