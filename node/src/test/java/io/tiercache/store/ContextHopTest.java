package io.tiercache.store;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ContextHopTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void aCallThatThrowsAtOnceGivesAFailedFutureInsteadOfAnException() {
        Context context = vertx.getOrCreateContext();

        Future<String> result = ContextHop.onContext(() -> {
            throw new HazelcastInstanceNotActiveException();
        }, context);

        assertThat(result.failed()).isTrue();
        assertThat(result.cause()).isInstanceOf(HazelcastInstanceNotActiveException.class);
    }

    @Test
    void aResultContinuesOnTheGivenContext() {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Context> continuedOn = new CompletableFuture<>();

        ContextHop.onContext(() -> (CompletionStage<String>) pending, context)
                .onComplete(done -> continuedOn.complete(Vertx.currentContext()));
        pending.complete("value");

        await().atMost(Duration.ofSeconds(5)).until(continuedOn::isDone);
        assertThat(continuedOn.join()).isSameAs(context);
    }
}
