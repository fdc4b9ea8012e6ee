package io.tiercache.proxy;

import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;

/** A real node whose origin port is closed: it answers 502 itself, briefly, and stores nothing. */
class OriginDownTest {

    static TestNode node;

    @BeforeAll
    static void start() {
        TestOrigin gone = TestOrigin.start();
        gone.close();
        node = TestNode.start(gone, "");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void connectFailureGives502WithAShortBody() {
        HttpResponse<String> response = get(node.url("/down/page"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("502 Bad Gateway: the origin could not be reached\n");
        assertThat(header(response, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
        assertThat(cacheStatus(response)).isEqualTo("MISS");
        assertThat(header(response, "Cache-Status")).isEqualTo("tiercache; fwd=uri-miss; detail=\"origin error\"");
        assertThat(node.storedEntry("/down/page")).isNull();
    }

    @Test
    void connectFailureOnAPassedRequestGives502Too() {
        HttpResponse<String> response = send("POST", node.url("/down/form"), "name=value");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("502 Bad Gateway: the origin could not be reached\n");
        assertThat(cacheStatus(response)).isEqualTo("BYPASS");
        assertThat(header(response, "Cache-Status")).isEqualTo("tiercache; fwd=method; detail=\"origin error\"");
    }
}
