package io.tiercache.proxy;

import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's no-cache is honoured (RFC 9111 §5.2.1.4), but safely: concurrent no-cache requests for
 * one key share one revalidation, so the origin sees at most one request per key at a time from
 * them (hardening finding 5: 5,624 such requests in 10 s all reached the origin).
 */
class NoCacheRevalidationTest {

    static TestOrigin origin;
    static TestNode node;
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger mostInFlight = new AtomicInteger();

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "");
        origin.handle("/no-cache/page", request -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean current = "\"v1\"".equals(request.getHeader("If-None-Match"));
            io.vertx.core.Vertx.currentContext().owner().setTimer(100, timer -> {
                inFlight.decrementAndGet();
                request.response().putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "max-age=600");
                if (current) {
                    request.response().setStatusCode(304).end();
                } else {
                    request.response().end("the page");
                }
            });
        });
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("100 concurrent no-cache requests share revalidations: one at a time reaches the origin, each a 304")
    void concurrentNoCacheRequestsShareOneRevalidation() {
        assertThat(get(node.url("/no-cache/page")).body()).isEqualTo("the page");
        int before = origin.hits("/no-cache/page");

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(TestClient.client().sendAsync(HttpRequest.newBuilder(URI.create(node.url("/no-cache/page")))
                    .header("Cache-Control", "no-cache").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("the page");
            assertThat(cacheStatus(response)).isIn("REVALIDATED", "HIT");
        });
        int revalidations = origin.hits("/no-cache/page") - before;
        assertThat(mostInFlight.get()).isEqualTo(1);
        assertThat(revalidations).isLessThan(20);
        assertThat(origin.seen("/no-cache/page").stream().skip(before))
                .allSatisfy(seen -> assertThat(seen.headers().get("If-None-Match")).isEqualTo("\"v1\""));
        System.out.printf("[measured] 100 concurrent no-cache requests: %d revalidation(s) reached the origin%n",
                revalidations);
    }
}
