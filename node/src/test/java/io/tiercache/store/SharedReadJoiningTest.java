package io.tiercache.store;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of requests for a key this node's hot tier does not hold (here: no hot tier at all) reads
 * the shared map once per read in flight, not once per request, and every request gets the stored
 * response.
 */
class SharedReadJoiningTest {

    @Test
    void aBurstOfSharedMapHitsJoinsTheReadInFlight() throws IOException {
        try (TestOrigin origin = TestOrigin.start(); TestNode node = TestNode.start(origin, "cache: {hot-tier-size: 0}\n")) {
            origin.on("/joined", Reply.ok().cacheControl("max-age=600").body("the stored page"));
            get(node.url("/joined"));
            await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/joined") != null);
            long readsBefore = reads(node);

            List<Socket> sockets = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 3000);
                    socket.setSoTimeout(5000);
                    sockets.add(socket);
                }
                // Every request is on its way before any answer is read, as a burst is.
                for (Socket socket : sockets) {
                    socket.getOutputStream().write(("GET /joined HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (Socket socket : sockets) {
                    answers.add(readAnswer(socket.getInputStream()));
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("HIT");
                assertThat(RawHttp.body(answer)).isEqualTo("the stored page");
            });
            assertThat(reads(node) - readsBefore).as("shared-map reads for 30 requests").isLessThan(30);
            assertThat(origin.hits("/joined")).isEqualTo(1);
        }
    }

    private static long reads(TestNode node) {
        return node.node().member().entries().getLocalMapStats().getGetOperationCount();
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int length = -1;
        int headEnd = -1;
        while (headEnd < 0 || read.size() < headEnd + length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("closed before an answer: " + read);
            }
            read.write(next);
            if (headEnd < 0 && read.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                headEnd = read.size();
                String contentLength = RawHttp.header(read.toString(StandardCharsets.ISO_8859_1), "Content-Length");
                length = contentLength == null ? 0 : Integer.parseInt(contentLength);
            }
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
