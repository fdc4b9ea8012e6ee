package io.tiercache.proxy;

import io.tiercache.config.OriginConfig;
import io.tiercache.testing.BodyIgnoringOrigin;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tiercache.testing.BodyIgnoringOrigin.answerFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The origin connection pool, on its own, against an origin that misbehaves on the wire. */
class OriginClientTest {

    private BodyIgnoringOrigin origin;
    private Vertx vertx;

    @BeforeEach
    void start() {
        origin = BodyIgnoringOrigin.start();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        origin.close();
    }

    /**
     * The second request waits in the pool for the only connection while the origin answers the
     * first with two responses in one write; the connection is handed over as soon as the first
     * response ends, with the unasked one already in its buffer.
     */
    @Test
    void aResponseSentBeforeTheRequestIsNeverMatchedToIt() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            OriginClient client = new OriginClient(vertx, new OriginConfig(URI.create(origin.url()),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), 1, false));
            fetch(client, "/unsolicited/first").onComplete(body -> complete(first, body.result(), body.cause()));
            fetch(client, "/second").onComplete(body -> complete(second, body.result(), body.cause()));
        });

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(answerFor("/unsolicited/first"));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(answerFor("/second"));
        assertThat(origin.connectionsOpened()).as("the second request went on a new connection").isEqualTo(2);
        assertThat(origin.targets()).containsExactly("/unsolicited/first", "/second");
    }

    private static Future<String> fetch(OriginClient client, String path) {
        Promise<String> body = Promise.promise();
        client.request(HttpMethod.GET, path, MultiMap.caseInsensitiveMultiMap(), null)
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .onComplete(read -> body.handle(read.map(Object::toString)));
        return body.future();
    }

    private static void complete(CompletableFuture<String> future, String value, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(value);
        }
    }
}
