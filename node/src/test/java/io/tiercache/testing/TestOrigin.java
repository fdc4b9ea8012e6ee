package io.tiercache.testing;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin on loopback for tests: a Vert.x HTTP server whose answers are set per path, and
 * which records every request it sees (so a test can count origin fetches).
 */
public final class TestOrigin implements AutoCloseable {

    /** A request as the origin received it. */
    public record Seen(String method, String uri, MultiMap headers, Buffer body) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, Handler<HttpServerRequest>> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final int port;
    private final HttpServer server;
    private final TestClock clock;

    private TestOrigin(int port, TestClock clock) {
        this.port = port;
        this.clock = clock;
        this.server = vertx.createHttpServer()
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(this::handle);
        await(server.listen(port, "127.0.0.1"));
    }

    public static TestOrigin start() {
        return new TestOrigin(Ports.free(), new TestClock());
    }

    /** Starts an origin on a given port (to bring an origin back after it was "down"), keeping the time it kept. */
    public static TestOrigin startOn(int port, TestClock clock) {
        return new TestOrigin(port, clock);
    }

    /** The time of this origin and of the nodes a test starts in front of it. */
    public TestClock clock() {
        return clock;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers requests for {@code path} (without query) with {@code reply}. */
    public TestOrigin on(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    /** Answers requests for {@code path} with a hand-written handler. */
    public TestOrigin handle(String path, Handler<HttpServerRequest> handler) {
        handlers.put(path, handler);
        return this;
    }

    /**
     * Answers {@code path} like an origin that supports validation: 304 when If-None-Match names
     * {@code etag}, else 200 with the tag and a body naming the fetch number.
     */
    public TestOrigin onRevalidating(String path, String etag, String cacheControl) {
        return handle(path, request -> {
            HttpServerResponse response = request.response()
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .putHeader(HttpHeaders.DATE, io.tiercache.policy.HttpDate.format(clock.millis() / 1000));
            if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                response.setStatusCode(304).end();
            } else {
                response.end("body #" + hits(path));
            }
        });
    }

    /**
     * Answers the first {@code atOnce} requests for {@code path} at once with "version 1" and
     * {@code cacheControl}, and holds every later one until the returned future completes, then
     * answers it "version 2" with max-age=600: a refresh that runs for as long as a test needs.
     */
    public CompletableFuture<Void> holdAfter(String path, int atOnce, String cacheControl) {
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        handle(path, request -> {
            boolean first = asked.incrementAndGet() <= atOnce;
            Runnable answer = () -> request.response()
                    .putHeader(HttpHeaders.CACHE_CONTROL, first ? cacheControl : "max-age=600")
                    .putHeader(HttpHeaders.DATE, io.tiercache.policy.HttpDate.format(clock.millis() / 1000))
                    .end(first ? "version 1" : "version 2");
            if (first) {
                answer.run();
            } else {
                release.thenRun(answer);
            }
        });
        return release;
    }

    /** How many requests reached the origin for this path (any method, any query). */
    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    public int totalHits() {
        return seen.size();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public List<Seen> seen(String path) {
        return seen.stream().filter(request -> pathOf(request.uri()).equals(path)).toList();
    }

    public Seen last(String path) {
        List<Seen> matching = seen(path);
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    public int connectionsOpened() {
        return connections.get();
    }

    private void handle(HttpServerRequest request) {
        request.body().onComplete(read -> {
            String path = pathOf(request.uri());
            int fetch = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            seen.add(new Seen(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    read.succeeded() ? read.result() : Buffer.buffer()));
            Handler<HttpServerRequest> handler = handlers.get(path);
            if (handler != null) {
                handler.handle(request);
                return;
            }
            Reply reply = replies.get(path);
            if (reply == null) {
                request.response().setStatusCode(404).putHeader("Cache-Control", "no-store").end("no such test path\n");
                return;
            }
            if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), ignored -> answer(request.response(), reply, fetch));
            } else {
                answer(request.response(), reply, fetch);
            }
        });
    }

    private void answer(HttpServerResponse response, Reply reply, int fetch) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        for (Reply.Header header : reply.headers()) {
            response.headers().add(header.name(), header.value().apply(fetch));
        }
        if (!response.headers().contains(HttpHeaders.DATE)) {
            response.putHeader(HttpHeaders.DATE, io.tiercache.policy.HttpDate.format(clock.millis() / 1000));
        }
        byte[] body = reply.body(fetch);
        if (reply.isChunked()) {
            response.setChunked(true);
            int half = body.length / 2;
            response.write(Buffer.buffer(java.util.Arrays.copyOfRange(body, 0, half)));
            response.end(Buffer.buffer(java.util.Arrays.copyOfRange(body, half, body.length)));
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public void close() {
        await(server.close());
        await(vertx.close());
    }

    private static void await(io.vertx.core.Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
