package io.tiercache.proxy;

import io.tiercache.testing.KeepAliveConnection;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain fresh hits answered from the connection's pipeline, below Vert.x ({@link FastHits}): the
 * same bytes as the full path, pipelined responses in order, and everything that is not a plain
 * fresh hit left to the full path.
 */
class FastHitsTest {

    private static final String YAML = """
            admin: {purge-token: fast-token}
            routes:
              - name: accounts
                match: {prefix: /account/}
                bypass: {cookies: [session_id]}
            """;

    static TestOrigin origin;
    static TestNode fast;
    static TestNode full;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        fast = TestNode.start(origin, YAML);
        int port = io.tiercache.testing.Ports.free();
        full = TestNode.member(origin, YAML + "node: {fast-hits: false}\n", "full-path-" + port, port,
                "127.0.0.1:" + port, "node-full");
    }

    @AfterAll
    static void stop() {
        fast.close();
        full.close();
        origin.close();
    }

    private static double fastHits(TestNode node) {
        return node.node().registry().get("tiercache.fast.hits").counter().count();
    }

    @Test
    @DisplayName("a plain fresh hit is answered below Vert.x with the same status, fields and body as the full path")
    void sameBytesAsTheFullPath() {
        origin.on("/fast/page", Reply.ok().cacheControl("max-age=600").header("ETag", "\"e1\"")
                .header("Content-Type", "text/html; charset=utf-8").header("X-Served-By", "origin-1").body("the page"));
        String fastMiss = RawHttp.exchange(fast.port(), request("GET", "/fast/page", fast.port()));
        String fullMiss = RawHttp.exchange(full.port(), request("GET", "/fast/page", full.port()));
        awaitHotCopy(fast, "/fast/page");
        awaitHotCopy(full, "/fast/page");
        double before = fastHits(fast);

        String fastHit = RawHttp.exchange(fast.port(), request("GET", "/fast/page", fast.port()));
        String fullHit = RawHttp.exchange(full.port(), request("GET", "/fast/page", full.port()));

        assertThat(fastHits(fast)).isEqualTo(before + 1);
        assertThat(RawHttp.header(fastMiss, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(RawHttp.header(fullMiss, "X-Cache-Status")).isEqualTo("MISS");
        assertThat(fastHit.substring(0, fastHit.indexOf("\r\n"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(fields(fastHit)).isEqualTo(fields(fullHit)).containsKeys("cache-status", "via", "etag", "x-served-by");
        assertThat(RawHttp.body(fastHit)).isEqualTo("the page").isEqualTo(RawHttp.body(fullHit));
    }

    @Test
    @DisplayName("HEAD is answered below Vert.x with the fields and no body")
    void headHasNoBody() {
        origin.on("/fast/head", Reply.ok().cacheControl("max-age=600").body("twelve bytes"));
        get(fast.url("/fast/head"));
        awaitHotCopy(fast, "/fast/head");
        double before = fastHits(fast);

        String head = RawHttp.exchange(fast.port(), request("HEAD", "/fast/head", fast.port())
                + request("GET", "/fast/head", fast.port()));

        assertThat(fastHits(fast)).isEqualTo(before + 2);
        // The answer to HEAD ends with its head: its Content-Length announces a body that is not sent.
        int headEnd = head.indexOf("\r\n\r\n") + 4;
        String toHead = head.substring(0, headEnd);
        String toGet = head.substring(headEnd);
        assertThat(RawHttp.header(toHead, "Content-Length")).isEqualTo("12");
        assertThat(toGet).startsWith("HTTP/1.1 200 OK");
        assertThat(RawHttp.body(toGet)).isEqualTo("twelve bytes");
    }

    @Test
    @DisplayName("pipelined requests are answered in order, a slow miss first and the hits behind it after it")
    void pipelinedResponsesStayInOrder() throws IOException {
        origin.on("/fast/slow", Reply.ok().cacheControl("max-age=600").delay(300).body("slow one"));
        origin.on("/fast/quick", Reply.ok().cacheControl("max-age=600").body("quick one"));
        get(fast.url("/fast/quick"));
        awaitHotCopy(fast, "/fast/quick");

        List<String> answers = pipeline(fast.port(), request("GET", "/fast/slow", fast.port())
                + request("GET", "/fast/quick", fast.port()) + request("GET", "/fast/quick", fast.port()), 3);

        assertThat(answers).extracting(RawHttp::body).containsExactly("slow one", "quick one", "quick one");
        assertThat(answers).extracting(answer -> RawHttp.header(answer, "X-Cache-Status"))
                .containsExactly("MISS", "HIT", "HIT");

        double before = fastHits(fast);
        List<String> hits = pipeline(fast.port(), request("GET", "/fast/quick", fast.port()).repeat(5), 5);
        assertThat(hits).extracting(RawHttp::body).containsOnly("quick one").hasSize(5);
        assertThat(fastHits(fast)).isEqualTo(before + 5);
    }

    @Test
    @DisplayName("conditional requests, client directives, bypass cookies and stale copies go the full path")
    void whatIsNotPlainGoesTheFullPath() {
        origin.onRevalidating("/fast/conditional", "\"c1\"", "max-age=600");
        origin.on("/account/me", Reply.ok().cacheControl("max-age=600").body(n -> "me " + n));
        origin.on("/fast/stale", Reply.ok().cacheControl("max-age=1").body(n -> "stale " + n));
        get(fast.url("/fast/conditional"));
        get(fast.url("/account/me"));
        get(fast.url("/fast/stale"));
        fast.makeStale("/fast/stale");
        double before = fastHits(fast);

        HttpResponse<String> notModified = get(fast.url("/fast/conditional"), "If-None-Match", "\"c1\"");
        HttpResponse<String> reload = get(fast.url("/fast/conditional"), "Cache-Control", "max-age=0");
        HttpResponse<String> bypassed = get(fast.url("/account/me"), "Cookie", "session_id=abc");
        HttpResponse<String> stale = get(fast.url("/fast/stale"));

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(reload)).isEqualTo("REVALIDATED");
        assertThat(cacheStatus(bypassed)).isEqualTo("BYPASS");
        assertThat(cacheStatus(stale)).isEqualTo("EXPIRED");
        assertThat(fastHits(fast)).isEqualTo(before);
    }

    @Test
    @DisplayName("a purge between two hits: the second is a miss")
    void purgeBetweenTwoHits() {
        origin.on("/fast/purged", Reply.ok().cacheControl("max-age=600").body(n -> "edition " + n));
        get(fast.url("/fast/purged"));
        assertThat(cacheStatus(get(fast.url("/fast/purged")))).isEqualTo("HIT");

        HttpResponse<String> purged = send("PURGE", fast.url("/fast/purged"), "", "Authorization", "Bearer fast-token");
        HttpResponse<String> after = get(fast.url("/fast/purged"));

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(after)).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("edition 2");
    }

    @Test
    @DisplayName("a client that closes before reading its hit harms neither the node nor the next client")
    void clientThatClosesEarly() throws IOException {
        byte[] body = new byte[256 * 1024];
        origin.on("/fast/big", Reply.ok().cacheControl("max-age=600").body(body));
        get(fast.url("/fast/big"));

        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", fast.port()), 3000);
                socket.setSoLinger(true, 0);
                socket.getOutputStream().write(request("GET", "/fast/big", fast.port()).getBytes(StandardCharsets.US_ASCII));
            }
        }

        HttpResponse<String> next = get(fast.url("/fast/big"));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(next)).isEqualTo("HIT");
    }

    @Test
    @DisplayName("a stale request while its refresh runs here is answered UPDATING below Vert.x, as the full path answers it")
    void staleWhileItsRefreshRuns() {
        // One fill per node (the two nodes are separate clusters), then one refresh per node, held.
        CompletableFuture<Void> release = origin.holdAfter("/fast/swr", 2, "max-age=1, stale-while-revalidate=600");
        RawHttp.exchange(fast.port(), request("GET", "/fast/swr", fast.port()));
        RawHttp.exchange(full.port(), request("GET", "/fast/swr", full.port()));
        awaitHotCopy(fast, "/fast/swr");
        awaitHotCopy(full, "/fast/swr");
        fast.makeStale("/fast/swr");
        full.makeStale("/fast/swr");
        double before = fastHits(fast);

        String startsRefresh = RawHttp.exchange(fast.port(), request("GET", "/fast/swr", fast.port()));
        String fullStartsRefresh = RawHttp.exchange(full.port(), request("GET", "/fast/swr", full.port()));
        List<String> updating = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            updating.add(RawHttp.exchange(fast.port(), request("GET", "/fast/swr", fast.port())));
        }
        String fullUpdating = RawHttp.exchange(full.port(), request("GET", "/fast/swr", full.port()));

        // The request that starts the refresh asks for the lease: the full path.
        assertThat(RawHttp.header(startsRefresh, "X-Cache-Status")).isEqualTo("STALE");
        assertThat(RawHttp.header(fullStartsRefresh, "X-Cache-Status")).isEqualTo("STALE");
        assertThat(fastHits(fast)).isEqualTo(before + 5);
        assertThat(updating).allSatisfy(answer -> {
            assertThat(RawHttp.header(answer, "X-Cache-Status")).isEqualTo("UPDATING");
            assertThat(RawHttp.header(answer, "Cache-Status")).matches("tiercache; hit; ttl=-\\d+; detail=\"stale-while-revalidate\"");
            assertThat(RawHttp.body(answer)).isEqualTo("version 1");
        });
        assertThat(RawHttp.header(fullUpdating, "X-Cache-Status")).isEqualTo("UPDATING");
        assertThat(fields(updating.get(0))).isEqualTo(fields(fullUpdating));
        // Each node's one refresh reaches the origin on its own time, and is held there.
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/fast/swr") == 4);

        release.complete(null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String refreshed = RawHttp.exchange(fast.port(), request("GET", "/fast/swr", fast.port()));
            assertThat(RawHttp.header(refreshed, "X-Cache-Status")).isEqualTo("HIT");
            assertThat(RawHttp.body(refreshed)).isEqualTo("version 2");
        });
        assertThat(origin.hits("/fast/swr")).isEqualTo(4);
    }

    @Test
    @DisplayName("a burst of stale requests: one goes the full path and starts the refresh, every other one is answered below Vert.x")
    void aStaleBurstSendsOneRequestTheFullPath() {
        CompletableFuture<Void> release = origin.holdAfter("/fast/burst", 1, "max-age=1, stale-while-revalidate=600");
        get(fast.url("/fast/burst"));
        awaitHotCopy(fast, "/fast/burst");
        fast.makeStale("/fast/burst");
        double before = fastHits(fast);
        try {
            List<String> statuses = RawHttp.burst(fast.port(), request("GET", "/fast/burst", fast.port()), 20).stream()
                    .map(answer -> RawHttp.header(answer, "X-Cache-Status")).toList();

            assertThat(statuses).containsOnly("STALE", "UPDATING").containsOnlyOnce("STALE");
            assertThat(fastHits(fast)).as("answered below Vert.x").isEqualTo(before + 19);
            // The one refresh reaches the origin on its own time; it is held there until released.
            await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/fast/burst") == 2);
        } finally {
            release.complete(null);
        }
    }

    @Test
    @DisplayName("a soft-purged copy whose refresh runs here is answered UPDATING below Vert.x")
    void softPurgedWhileItsRefreshRuns() {
        CompletableFuture<Void> release = origin.holdAfter("/fast/soft", 1, "max-age=600");
        get(fast.url("/fast/soft"));
        awaitHotCopy(fast, "/fast/soft");
        HttpResponse<String> purged = send("PURGE", fast.url("/fast/soft"), "", "Authorization", "Bearer fast-token",
                "Fastly-Soft-Purge", "1");
        assertThat(purged.statusCode()).isEqualTo(200);

        String startsRefresh = RawHttp.exchange(fast.port(), request("GET", "/fast/soft", fast.port()));
        awaitHotCopy(fast, "/fast/soft");
        double before = fastHits(fast);
        String updating = RawHttp.exchange(fast.port(), request("GET", "/fast/soft", fast.port()));

        assertThat(RawHttp.header(startsRefresh, "X-Cache-Status")).isEqualTo("STALE");
        assertThat(fastHits(fast)).isEqualTo(before + 1);
        assertThat(RawHttp.header(updating, "X-Cache-Status")).isEqualTo("UPDATING");
        assertThat(RawHttp.header(updating, "Cache-Status")).isEqualTo("tiercache; hit; ttl=0; detail=\"soft-purged\"");
        assertThat(RawHttp.body(updating)).isEqualTo("version 1");

        release.complete(null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(RawHttp.body(RawHttp.exchange(fast.port(), request("GET", "/fast/soft", fast.port()))))
                        .isEqualTo("version 2"));
        assertThat(origin.hits("/fast/soft")).isEqualTo(2);
    }

    @Test
    @DisplayName("a keep-alive connection served only below Vert.x stays open past the keep-alive timeout while it is in use")
    void busyConnectionOutlivesTheKeepAliveTimeout() throws Exception {
        int port = io.tiercache.testing.Ports.free();
        try (TestNode shortLived = TestNode.member(origin, "node: {keepalive-timeout: 1s}\n", "keepalive-" + port, port,
                "127.0.0.1:" + port, "node-keepalive");
             KeepAliveConnection connection = new KeepAliveConnection(shortLived.port())) {
            origin.on("/fast/busy", Reply.ok().cacheControl("max-age=600").body("busy"));
            assertThat(connection.get("/fast/busy").status()).isEqualTo(200);
            awaitHotCopy(shortLived, "/fast/busy");
            double before = fastHits(shortLived);

            // Three keep-alive timeouts of hits, 200 ms apart, on the one connection.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                KeepAliveConnection.Answer hit = connection.get("/fast/busy");
                assertThat(hit.body()).isEqualTo("busy");
                answered++;
                Thread.sleep(200);
            }

            assertThat(fastHits(shortLived)).isEqualTo(before + answered);
        }
    }

    /** A fill's client has the whole response before the store lands; the fast path reads the hot copy the store leaves. */
    @Test
    @DisplayName("a gzip response is stored varying on Accept-Encoding, so the fast path never sends it to a client without gzip")
    void codedResponsesGoTheFullPath() {
        byte[] page = "the compressed page".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // The origin sends gzip without Vary: the cache adds Vary: Accept-Encoding (as Varnish does).
        origin.on("/fast/gzip", Reply.ok().cacheControl("max-age=600").header("Content-Encoding", "gzip")
                .body(CompressionTest.gzip(page)));
        get(fast.url("/fast/gzip"), "Accept-Encoding", "gzip");
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.node().store()
                .hasHotCopy(fast.key("/fast/gzip") + '\u001e' + "accept-encoding=gzip\n"));
        double before = fastHits(fast);

        String plain = RawHttp.exchange(fast.port(), request("GET", "/fast/gzip", fast.port()));

        assertThat(fastHits(fast)).isEqualTo(before);
        assertThat(RawHttp.header(plain, "X-Cache-Status")).isEqualTo("HIT");
        assertThat(RawHttp.header(plain, "Content-Encoding")).isNull();
        assertThat(RawHttp.body(plain)).isEqualTo("the compressed page");
    }

    private static void awaitHotCopy(TestNode node, String path) {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().store().hasHotCopy(node.key(path)));
    }

    private static String request(String method, String path, int port) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    }

    /** Header fields by lower-case name; Age, Date and the ttl left out (they tick between two requests). */
    private static Map<String, String> fields(String answer) {
        Map<String, String> fields = new TreeMap<>();
        String head = answer.substring(answer.indexOf("\r\n") + 2, answer.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).toLowerCase();
            if (!name.equals("age") && !name.equals("date")) {
                fields.merge(name, line.substring(colon + 1).trim().replaceAll("ttl=-?\\d+", "ttl=N"),
                        (a, b) -> a + ", " + b);
            }
        }
        return fields;
    }

    /** Sends pipelined requests in one write and reads until {@code count} complete responses arrived. */
    private static List<String> pipeline(int port, String requests, int count) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            List<String> responses = List.of();
            while (responses.size() < count) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                read.write(buffer, 0, n);
                responses = complete(read.toString(StandardCharsets.ISO_8859_1));
            }
            return responses;
        }
    }

    /** The complete responses (head and Content-Length body) at the start of a stream. */
    private static List<String> complete(String stream) {
        List<String> responses = new ArrayList<>();
        int at = 0;
        while (true) {
            int headEnd = stream.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                return responses;
            }
            String length = RawHttp.header(stream.substring(at, headEnd) + "\r\n\r\n", "Content-Length");
            int end = headEnd + 4 + (length == null ? 0 : Integer.parseInt(length));
            if (end > stream.length()) {
                return responses;
            }
            responses.add(stream.substring(at, end));
            at = end;
        }
    }
}
