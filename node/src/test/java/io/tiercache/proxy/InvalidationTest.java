package io.tiercache.proxy;

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
import static io.tiercache.testing.TestClient.header;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/** Unsafe methods pass through a real node and invalidate what they change (RFC 9111 §4.4). */
class InvalidationTest {

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

    /** Stores {@code path} (fetch #1) and checks it is served from the cache. */
    private static void stored(String path) {
        origin.on(path, Reply.ok().cacheControl("max-age=60"));
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("MISS");
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("HIT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void unsafeMethodPassesThroughWithItsBodyAndInvalidatesTheStoredUrl(String method) {
        String path = "/unsafe/" + method.toLowerCase();
        stored(path);

        HttpResponse<String> unsafe = send(method, node.url(path), "payload of " + method, "Content-Type", "text/plain");

        assertThat(unsafe.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(unsafe)).isEqualTo("BYPASS");
        assertThat(header(unsafe, "Cache-Status")).isEqualTo("tiercache; fwd=method; fwd-status=200");
        TestOrigin.Seen seen = origin.last(path);
        assertThat(seen.method()).isEqualTo(method);
        assertThat(seen.body().toString()).isEqualTo("payload of " + method);
        assertThat(seen.headers().get("Content-Type")).isEqualTo("text/plain");
        HttpResponse<String> after = get(node.url(path));
        assertThat(cacheStatus(after)).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("body #3");
    }

    @Test
    void sameHostLocationIsInvalidatedToo() {
        stored("/unsafe/location-target");
        origin.on("/unsafe/location-post", Reply.status(201).header("Location", "/unsafe/location-target"));

        HttpResponse<String> created = send("POST", node.url("/unsafe/location-post"), "new");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(cacheStatus(get(node.url("/unsafe/location-target")))).isEqualTo("MISS");
    }

    @Test
    void sameHostContentLocationIsInvalidatedToo() {
        stored("/unsafe/content-location-target");
        origin.on("/unsafe/content-location-put", Reply.ok()
                .header("Content-Location", node.url("/unsafe/content-location-target")));

        send("PUT", node.url("/unsafe/content-location-put"), "new");

        assertThat(cacheStatus(get(node.url("/unsafe/content-location-target")))).isEqualTo("MISS");
    }

    @Test
    void locationOnAnotherHostIsNotInvalidated() {
        stored("/unsafe/foreign-target");
        origin.on("/unsafe/foreign-post", Reply.status(201)
                .header("Location", "http://elsewhere.example/unsafe/foreign-target"));

        send("POST", node.url("/unsafe/foreign-post"), "new");

        HttpResponse<String> after = get(node.url("/unsafe/foreign-target"));
        assertThat(cacheStatus(after)).isEqualTo("HIT");
        assertThat(after.body()).isEqualTo("body #1");
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 500})
    void errorResponseDoesNotInvalidate(int status) {
        String path = "/unsafe/error-" + status;
        stored(path);
        origin.on(path, Reply.status(status).cacheControl("no-store"));

        HttpResponse<String> failed = send("POST", node.url(path), "rejected");

        assertThat(failed.statusCode()).isEqualTo(status);
        origin.on(path, Reply.ok().cacheControl("max-age=60"));
        HttpResponse<String> after = get(node.url(path));
        assertThat(cacheStatus(after)).isEqualTo("HIT");
        assertThat(after.body()).isEqualTo("body #1");
    }
}
