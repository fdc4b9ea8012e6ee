package io.tiercache.proxy;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fill reads the origin at the origin's pace and completes on its own; each client is fed at its
 * own pace from what has arrived (hardening finding 6: a client reading an 8 MB miss slowly used
 * to pace the fill, and the next request for the key waited lock-timeout, then fetched again).
 */
class SlowFirstReaderTest {

    private static final int SIZE = 8 * 1024 * 1024;

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        // A lock timeout far longer than the test: a request that waited for the slow reader would show it.
        node = TestNode.start(origin, """
                cache:
                  max-object-size: 16m
                  lock-timeout: 60s
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("a client that stops reading an 8 MB miss holds up neither the store nor the next request")
    void slowFirstReaderDoesNotPaceTheFill() throws Exception {
        byte[] body = new byte[SIZE];
        Arrays.fill(body, (byte) 'x');
        body[SIZE - 1] = '!';
        origin.on("/large/slow", Reply.ok().cacheControl("max-age=600").body(body));

        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", node.port()), 3000);
            stalled.getOutputStream().write(("GET /large/slow HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = stalled.getInputStream();
            byte[] head = new byte[1024];
            assertThat(in.read(head)).isPositive();
            // From here the client reads nothing: its socket buffers fill and the node's writes to it stop.

            await("the fill to store the whole body while its first reader is stalled")
                    .atMost(Duration.ofSeconds(20)).until(() -> node.stored("/large/slow") != null);
            long started = System.nanoTime();
            HttpResponse<byte[]> second = getBytes(node.url("/large/slow"));
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(cacheStatus(second)).isEqualTo("HIT");
            assertThat(second.body()).isEqualTo(body);
            assertThat(origin.hits("/large/slow")).isEqualTo(1);
            System.out.printf("[measured] second request for an 8 MB key while the first reader is stalled: %d ms%n",
                    millis);
        }
    }

    @Test
    @DisplayName("requests that arrive while a body of known length is arriving read it as it arrives")
    void joinersReadTheBodyAsItArrives() {
        byte[] body = new byte[SIZE];
        Arrays.fill(body, (byte) 'y');
        origin.on("/large/joined", Reply.ok().cacheControl("max-age=600").delay(300).body(body));

        var first = io.tiercache.testing.TestClient.client().sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(node.url("/large/joined"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/large/joined") == 1);
        HttpResponse<byte[]> second = getBytes(node.url("/large/joined"));

        assertThat(second.body()).isEqualTo(body);
        assertThat(first.join().body()).isEqualTo(body);
        assertThat(origin.hits("/large/joined")).isEqualTo(1);
        assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).contains("collapsed");
    }
}
