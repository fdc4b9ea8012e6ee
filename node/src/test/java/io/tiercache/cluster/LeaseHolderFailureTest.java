package io.tiercache.cluster;

import io.tiercache.testing.Reply;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.tiercache.testing.TestClient.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseHolderFailureTest {

    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        nodes = TestNode.cluster(2, origin, """
                cache:
                  lock-timeout: 8s
                  lock-age: 2s
                """);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("when the lease holder's member dies mid-fetch, its lease expires and another node fetches")
    void anotherNodeFinishesTheFetchOfADeadLeaseHolder() {
        origin.on("/lease/slow", Reply.ok().cacheControl("max-age=60").delay(2500).body(n -> "fetched by attempt " + n));
        TestNode holder = nodes.get(0);
        TestNode waiter = nodes.get(1);

        CompletableFuture<HttpResponse<String>> first = send(holder, "/lease/slow");
        await().atMost(Duration.ofSeconds(5)).until(() -> origin.hits("/lease/slow") == 1);
        CompletableFuture<HttpResponse<String>> second = send(waiter, "/lease/slow");
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !second.isDone());

        holder.node().member().hazelcast().getLifecycleService().terminate();
        holder.node().vertx().close();

        HttpResponse<String> answer = second.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("fetched by attempt 2");
        assertThat(origin.hits("/lease/slow")).isEqualTo(2);
        first.handle((response, failure) -> null).join();
    }

    private static CompletableFuture<HttpResponse<String>> send(TestNode node, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url(path))).header("Host", "www.example.test")
                .timeout(Duration.ofSeconds(20)).build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
