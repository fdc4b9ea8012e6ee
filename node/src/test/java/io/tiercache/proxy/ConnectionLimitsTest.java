package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection exhaustion and slowloris against a node that takes at most 20 client connections and
 * gives a request head 2 s, a keep-alive idle 5 s. Every client here is a raw socket, so that no
 * pooled test client holds a connection of its own.
 */
class ConnectionLimitsTest {

    private static final int MAX = 20;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);
    private static final String YAML = """
            node:
              max-connections: %d
              header-timeout: %dms
              keepalive-timeout: %dms
            """.formatted(MAX, HEADER_TIMEOUT.toMillis(), KEEPALIVE_TIMEOUT.toMillis());

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, YAML);
        origin.on("/limits/page", Reply.ok().cacheControl("no-store").body("page"));
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static double openConnections() {
        return node.node().registry().get("tiercache.connections.open").gauge().value();
    }

    private static double rejectedConnections() {
        return node.node().registry().get("tiercache.connections.rejected").counter().count();
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n";
    }

    private static Socket connect() {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 3000);
            socket.setSoTimeout(20_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the node sends on this socket until it closes it. */
    private static CompletableFuture<String> untilClosed(Socket socket) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (IOException reset) {
                // the node may reset a connection it closes; what it said before is kept
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        });
    }

    /** Sends a whole request and reads its whole response, leaving the connection open. */
    private static String exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(request(path).getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(RawHttp.header(head.toString(), "Content-Length"));
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void connectionsOverTheLimitGet503AtOnceAndIdleOnesCloseAfterTheHeaderTimeout() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> openConnections() == 0);
        double rejectedBefore = rejectedConnections();
        List<Socket> idle = new ArrayList<>();
        List<CompletableFuture<String>> idleAnswers = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            Socket socket = connect();
            idle.add(socket);
            idleAnswers.add(untilClosed(socket));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> openConnections() == MAX);

        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            try (Socket excess = connect()) {
                String answer = untilClosed(excess).get(5, TimeUnit.SECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                assertThat(RawHttp.status(answer)).as(answer).isEqualTo(503);
                assertThat(RawHttp.header(answer, "Connection")).isEqualTo("close");
                assertThat(RawHttp.body(answer)).startsWith("503 ").hasSizeLessThan(100);
                assertThat(millis).as("503 without waiting for a request").isLessThan(HEADER_TIMEOUT.toMillis() / 2);
            }
        }
        assertThat(rejectedConnections()).isEqualTo(rejectedBefore + 5);
        assertThat(openConnections()).isEqualTo(MAX);

        for (CompletableFuture<String> answer : idleAnswers) {
            assertThat(RawHttp.status(answer.get(HEADER_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)))
                    .isEqualTo(408);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> openConnections() == 0);
        String served = RawHttp.exchange(node.port(), request("/limits/page"));
        assertThat(RawHttp.status(served)).as(served).isEqualTo(200);
        for (Socket socket : idle) {
            socket.close();
        }
    }

    @Test
    void aSlowlorisIsClosedAfterTheHeaderTimeoutWhileAKeepAliveClientStaysOpenLonger() throws Exception {
        try (Socket keepAlive = connect()) {
            assertThat(RawHttp.status(exchange(keepAlive, "/limits/page"))).isEqualTo(200);
            long idleSince = System.nanoTime();
            long slowStarted = System.nanoTime();
            Socket slowloris = connect();
            CompletableFuture<String> slowAnswer = untilClosed(slowloris);
            byte[] trickle = (request("/limits/page").replace("\r\n\r\n", "\r\n") + "X-Slow: " + "a".repeat(200))
                    .getBytes(StandardCharsets.ISO_8859_1);
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            OutputStream out = slowloris.getOutputStream();
            int[] next = {0};
            sender.scheduleAtFixedRate(() -> {
                try {
                    out.write(trickle[next[0]++]);
                    out.flush();
                } catch (IOException closed) {
                    sender.shutdown();
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            try {
                String answer = slowAnswer.get(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long slowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - slowStarted);

                assertThat(RawHttp.status(answer)).as(answer).isEqualTo(408);
                assertThat(slowMillis).isBetween(HEADER_TIMEOUT.toMillis() - 100, KEEPALIVE_TIMEOUT.toMillis());
            } finally {
                sender.shutdownNow();
                slowloris.close();
            }

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince))
                    .isGreaterThanOrEqualTo(HEADER_TIMEOUT.toMillis());
            assertThat(RawHttp.status(exchange(keepAlive, "/limits/page"))).as("kept alive past the header timeout")
                    .isEqualTo(200);
            long lastResponse = System.nanoTime();
            String rest = untilClosed(keepAlive).get(KEEPALIVE_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(rest).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastResponse))
                    .as("closed by the keep-alive timeout").isGreaterThanOrEqualTo(KEEPALIVE_TIMEOUT.toMillis() - 500);
        }
    }
}
