package io.tiercache.proxy;

import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static io.tiercache.testing.TestClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code PURGE /path} on the proxy port of a real node. Requests "from elsewhere" are sent from
 * 127.0.0.2, which is not on the allow-list; the test client itself is on 127.0.0.1, which is.
 */
class PurgeMethodTest {

    private static final String TOKEN = "s3cret-purge-token";
    private static final String ELSEWHERE = "127.0.0.2";

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                admin:
                  purge-token: %s
                  purge-allow: [127.0.0.1]
                """.formatted(TOKEN));
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static void stored(String path) {
        origin.on(path, Reply.ok().cacheControl("max-age=60"));
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("MISS");
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("HIT");
    }

    /** A PURGE from 127.0.0.2 with the given extra header lines. */
    private static String purgeFromElsewhere(String path, String... headerLines) {
        StringBuilder request = new StringBuilder("PURGE " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(node.port()).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawHttp.exchangeFrom(ELSEWHERE, node.port(), request.append("\r\n").toString());
    }

    @Test
    void purgeWithTheTokenRemovesTheStoredResponse() {
        stored("/purge/with-token");

        String answer = purgeFromElsewhere("/purge/with-token", "Authorization: Bearer " + TOKEN);

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(RawHttp.header(answer, "Content-Type")).isEqualTo("application/json");
        JsonObject result = new JsonObject(RawHttp.body(answer));
        assertThat(result.getString("url")).isEqualTo(node.key("/purge/with-token"));
        assertThat(result.getBoolean("soft")).isFalse();
        assertThat(result.getInteger("purged")).isEqualTo(1);
        assertThat(result.getJsonArray("acknowledged")).isEqualTo(new JsonArray().add("node-1"));
        assertThat(result.getJsonArray("missing")).isEmpty();
        HttpResponse<String> after = get(node.url("/purge/with-token"));
        assertThat(cacheStatus(after)).isEqualTo("MISS");
        assertThat(after.body()).isEqualTo("body #2");
    }

    @Test
    void purgeOfSomethingNotStoredIs404() {
        String answer = purgeFromElsewhere("/purge/never-stored", "Authorization: Bearer " + TOKEN);

        assertThat(RawHttp.status(answer)).isEqualTo(404);
        assertThat(new JsonObject(RawHttp.body(answer)).getInteger("purged")).isZero();
        assertThat(origin.hits("/purge/never-stored")).isZero();
    }

    @Test
    void purgeWithoutCredentialsIs401() {
        stored("/purge/no-credentials");

        String answer = purgeFromElsewhere("/purge/no-credentials");

        assertThat(RawHttp.status(answer)).isEqualTo(401);
        assertThat(RawHttp.header(answer, "WWW-Authenticate")).isEqualTo("Bearer realm=\"tiercache\"");
        assertThat(cacheStatus(get(node.url("/purge/no-credentials")))).isEqualTo("HIT");
    }

    @Test
    void purgeWithAWrongTokenIs403() {
        stored("/purge/wrong-token");

        String answer = purgeFromElsewhere("/purge/wrong-token", "Authorization: Bearer not-the-token");

        assertThat(RawHttp.status(answer)).isEqualTo(403);
        assertThat(RawHttp.body(answer)).doesNotContain(TOKEN);
        assertThat(cacheStatus(get(node.url("/purge/wrong-token")))).isEqualTo("HIT");
    }

    @Test
    void purgeFromAnAllowedAddressNeedsNoToken() {
        stored("/purge/allowed");

        HttpResponse<String> purge = send("PURGE", node.url("/purge/allowed"), null);

        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(purge.body()).getInteger("purged")).isEqualTo(1);
        assertThat(cacheStatus(get(node.url("/purge/allowed")))).isEqualTo("MISS");
    }

    @Test
    void purgeRemovesEveryVaryVariantOfTheUrl() {
        origin.handle("/purge/variants", request -> request.response()
                .putHeader("Cache-Control", "max-age=60")
                .putHeader("Vary", "Accept-Language")
                .end(request.getHeader("Accept-Language") + " #" + origin.hits("/purge/variants")));
        get(node.url("/purge/variants"), "Accept-Language", "en");
        get(node.url("/purge/variants"), "Accept-Language", "fr");
        assertThat(cacheStatus(get(node.url("/purge/variants"), "Accept-Language", "en"))).isEqualTo("HIT");
        assertThat(cacheStatus(get(node.url("/purge/variants"), "Accept-Language", "fr"))).isEqualTo("HIT");

        HttpResponse<String> purge = send("PURGE", node.url("/purge/variants"), null);

        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(purge.body()).getInteger("purged")).isEqualTo(2);
        HttpResponse<String> en = get(node.url("/purge/variants"), "Accept-Language", "en");
        HttpResponse<String> fr = get(node.url("/purge/variants"), "Accept-Language", "fr");
        assertThat(cacheStatus(en)).isEqualTo("MISS");
        assertThat(en.body()).isEqualTo("en #3");
        assertThat(cacheStatus(fr)).isEqualTo("MISS");
        assertThat(fr.body()).isEqualTo("fr #4");
    }

    @Test
    void softPurgeServesTheStaleCopyWhileOneRequestRefreshesIt() {
        stored("/purge/soft");

        HttpResponse<String> purge = send("PURGE", node.url("/purge/soft"), null, "Fastly-Soft-Purge", "1");

        assertThat(purge.statusCode()).isEqualTo(200);
        JsonObject result = new JsonObject(purge.body());
        assertThat(result.getBoolean("soft")).isTrue();
        assertThat(result.getInteger("purged")).isEqualTo(1);
        HttpResponse<String> stale = get(node.url("/purge/soft"));
        assertThat(cacheStatus(stale)).isEqualTo("STALE");
        assertThat(header(stale, "Cache-Status")).endsWith("detail=\"soft-purged\"");
        assertThat(stale.body()).isEqualTo("body #1");
        await().atMost(Duration.ofSeconds(3)).until(() -> origin.hits("/purge/soft") == 2);
        await().atMost(Duration.ofSeconds(3)).until(() -> cacheStatus(get(node.url("/purge/soft"))).equals("HIT"));
        assertThat(get(node.url("/purge/soft")).body()).isEqualTo("body #2");
    }
}
