package io.tiercache.proxy;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;

class CachingBasicsTest {

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

    @Test
    void servesSecondRequestFromCacheWithoutAskingTheOrigin() {
        origin.on("/basics/hit", Reply.ok().cacheControl("max-age=60").body(n -> "version " + n));

        HttpResponse<String> first = get(node.url("/basics/hit"));
        HttpResponse<String> second = get(node.url("/basics/hit"));

        assertThat(first.body()).isEqualTo("version 1");
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(first.headers().firstValue("Cache-Status")).hasValue("tiercache; fwd=uri-miss; fwd-status=200; stored");
        assertThat(second.body()).isEqualTo("version 1");
        assertThat(cacheStatus(second)).isIn("HIT");
        assertThat(second.headers().firstValue("Age")).isPresent();
        assertThat(second.headers().firstValue("Via")).hasValue("1.1 tiercache");
        assertThat(origin.hits("/basics/hit")).isEqualTo(1);
    }
}
