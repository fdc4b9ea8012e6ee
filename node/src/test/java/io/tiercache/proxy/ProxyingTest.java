package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.getBytes;
import static io.tiercache.testing.TestClient.header;
import static io.tiercache.testing.TestClient.sendBytes;
import static org.assertj.core.api.Assertions.assertThat;

/** A real node as an HTTP intermediary: what it forwards, what it drops, how it fails and streams. */
class ProxyingTest {

    private static final String YAML = """
            origin:
              read-timeout: 1s
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

    @Test
    void hopByHopRequestHeadersAreNotSentToTheOrigin() {
        origin.on("/proxy/hop-request", Reply.ok().cacheControl("no-store"));

        String answer = RawHttp.exchange(node.port(), "GET /proxy/hop-request HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + node.port() + "\r\n"
                + "Connection: keep-alive, X-Session-Hint\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "TE: trailers\r\n"
                + "Upgrade: websocket\r\n"
                + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                + "X-Session-Hint: private\r\n"
                + "X-End-To-End: kept\r\n"
                + "\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        MultiMap seen = origin.last("/proxy/hop-request").headers();
        assertThat(seen.get("X-End-To-End")).isEqualTo("kept");
        for (String hopByHop : new String[] {"Keep-Alive", "TE", "Upgrade", "Proxy-Authorization", "X-Session-Hint"}) {
            assertThat(seen.contains(hopByHop)).as(hopByHop).isFalse();
        }
        assertThat(seen.getAll("Connection")).noneMatch(value -> value.toLowerCase().contains("x-session-hint"));
    }

    @Test
    void hopByHopRequestHeadersAreNotSentToTheOriginOnAPassedRequest() {
        origin.on("/proxy/hop-pass", Reply.ok());

        String answer = RawHttp.exchange(node.port(), "POST /proxy/hop-pass HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + node.port() + "\r\n"
                + "Connection: keep-alive, X-Session-Hint\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                + "X-Session-Hint: private\r\n"
                + "Content-Length: 4\r\n"
                + "\r\n"
                + "data");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        MultiMap seen = origin.last("/proxy/hop-pass").headers();
        for (String hopByHop : new String[] {"Keep-Alive", "Proxy-Authorization", "X-Session-Hint"}) {
            assertThat(seen.contains(hopByHop)).as(hopByHop).isFalse();
        }
        assertThat(origin.last("/proxy/hop-pass").body().toString()).isEqualTo("data");
    }

    @Test
    void hopByHopResponseHeadersAreNotSentToTheClient() {
        origin.handle("/proxy/hop-response", request -> request.response()
                .putHeader("Cache-Control", "max-age=60")
                .putHeader("Connection", "X-Backend-Node")
                .putHeader("X-Backend-Node", "app-3")
                .putHeader("Keep-Alive", "timeout=5")
                .putHeader("Proxy-Authenticate", "Basic realm=\"origin\"")
                .putHeader("Upgrade", "h2c")
                .putHeader("X-End-To-End", "kept")
                .end("hop"));
        String request = "GET /proxy/hop-response HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n";

        String miss = RawHttp.exchange(node.port(), request);
        String hit = RawHttp.exchange(node.port(), request);

        assertThat(RawHttp.header(miss, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(hit, "X-Cache-Status")).isEqualTo("HIT");
        for (String answer : new String[] {miss, hit}) {
            assertThat(RawHttp.header(answer, "X-End-To-End")).isEqualTo("kept");
            for (String hopByHop : new String[] {"X-Backend-Node", "Keep-Alive", "Proxy-Authenticate", "Upgrade"}) {
                assertThat(RawHttp.header(answer, hopByHop)).as(hopByHop).isNull();
            }
            String connection = RawHttp.header(answer, "Connection");
            assertThat(connection == null ? "" : connection.toLowerCase()).doesNotContain("x-backend-node");
            assertThat(RawHttp.body(answer)).isEqualTo("hop");
        }
    }

    @Test
    void forwardingHeadersAndViaReachTheOrigin() {
        origin.on("/proxy/forwarded", Reply.ok().cacheControl("no-store"));

        get(node.url("/proxy/forwarded"), "Host", "www.example.test");

        MultiMap seen = origin.last("/proxy/forwarded").headers();
        assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.get("X-Forwarded-Host")).isEqualTo("www.example.test");
        assertThat(seen.getAll("Via")).containsExactly("1.1 tiercache");
        assertThat(seen.get("Host")).isEqualTo("www.example.test");
    }

    @Test
    void viaIsAppendedAndAnUntrustedForwardedForReplaced() {
        origin.on("/proxy/forwarded-chain", Reply.ok().cacheControl("no-store"));

        get(node.url("/proxy/forwarded-chain"), "X-Forwarded-For", "203.0.113.7", "Via", "1.1 edge");

        MultiMap seen = origin.last("/proxy/forwarded-chain").headers();
        assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getAll("Via")).containsExactly("1.1 edge", "1.1 tiercache");
    }

    @Test
    void originSeesFewConnectionsForManySequentialRequests() {
        origin.on("/proxy/keep-alive", Reply.ok().cacheControl("no-store"));
        get(node.url("/proxy/keep-alive"));
        int before = origin.connectionsOpened();

        for (int i = 0; i < 30; i++) {
            assertThat(get(node.url("/proxy/keep-alive")).statusCode()).isEqualTo(200);
        }

        assertThat(origin.hits("/proxy/keep-alive")).isEqualTo(31);
        assertThat(origin.connectionsOpened() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void originThatDoesNotAnswerInTimeGets504() {
        origin.on("/proxy/slow", Reply.ok().cacheControl("max-age=60").delay(3000));

        long started = System.nanoTime();
        HttpResponse<String> response = get(node.url("/proxy/slow"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("504 Gateway Timeout: the origin did not answer in time\n");
        assertThat(cacheStatus(response)).isEqualTo("MISS");
        assertThat(header(response, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; detail=\"origin timeout\"");
        assertThat(millis).isBetween(900L, 2500L);
        assertThat(node.storedEntry("/proxy/slow")).isNull();
    }

    @Test
    void largeDownloadStreamsThroughIntactAndIsNotStored() {
        byte[] body = randomBytes(50 * 1024 * 1024);
        origin.on("/proxy/large", Reply.ok().cacheControl("max-age=60").body(body));

        HttpResponse<byte[]> first = getBytes(node.url("/proxy/large"));
        HttpResponse<byte[]> second = getBytes(node.url("/proxy/large"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(sha256(first.body())).isEqualTo(sha256(body));
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(header(first, "Cache-Status"))
                .isEqualTo("tiercache; fwd=uri-miss; fwd-status=200; detail=\"larger than max-object-size\"");
        assertThat(sha256(second.body())).isEqualTo(sha256(body));
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(origin.hits("/proxy/large")).isEqualTo(2);
        assertThat(node.storedEntry("/proxy/large")).isNull();
    }

    @Test
    void largeChunkedDownloadStreamsThroughIntactAndIsNotStored() {
        byte[] body = randomBytes(50 * 1024 * 1024);
        origin.on("/proxy/large-chunked", Reply.ok().cacheControl("max-age=60").body(body).chunked());

        HttpResponse<byte[]> first = getBytes(node.url("/proxy/large-chunked"));
        HttpResponse<byte[]> second = getBytes(node.url("/proxy/large-chunked"));

        assertThat(sha256(first.body())).isEqualTo(sha256(body));
        assertThat(sha256(second.body())).isEqualTo(sha256(body));
        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(origin.hits("/proxy/large-chunked")).isEqualTo(2);
        assertThat(node.storedEntry("/proxy/large-chunked")).isNull();
    }

    @Test
    void largePostBodyReachesTheOriginIntact() {
        byte[] body = randomBytes(5 * 1024 * 1024);
        origin.on("/proxy/upload", Reply.ok().body("received"));

        HttpResponse<String> response = sendBytes("POST", node.url("/proxy/upload"), body,
                "Content-Type", "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("received");
        TestOrigin.Seen seen = origin.last("/proxy/upload");
        assertThat(seen.headers().get("Content-Length")).isEqualTo(Integer.toString(body.length));
        assertThat(sha256(seen.body().getBytes())).isEqualTo(sha256(body));
    }

    @Test
    void largeChunkedPostBodyReachesTheOriginIntact() throws IOException, InterruptedException {
        byte[] body = randomBytes(5 * 1024 * 1024);
        origin.on("/proxy/upload-chunked", Reply.ok().body("received"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url("/proxy/upload-chunked")))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = TestClient.client().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        TestOrigin.Seen seen = origin.last("/proxy/upload-chunked");
        assertThat(seen.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(sha256(seen.body().getBytes())).isEqualTo(sha256(body));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
