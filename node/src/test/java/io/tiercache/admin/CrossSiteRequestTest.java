package io.tiercache.admin;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API refuses changes a page of another site makes a browser send, even when the
 * browser's address is on purge-allow or the page knows the token and puts it in the body (the
 * CMS webhook form); what the dashboard itself and scripts send still works.
 */
class CrossSiteRequestTest {

    static final String SITE = "csrf.example.test";
    static final String TOKEN = "purge-secret";
    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "admin: {purge-token: " + TOKEN + ", purge-allow: [127.0.0.1]}");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x"})
    @DisplayName("a body a cross-site form or no-cors fetch can send is refused without an Authorization header")
    void formLikeBodiesWithoutAnAuthorizationHeaderAreRefused(String contentType) {
        String path = "/csrf/form/" + contentType.hashCode();
        cache(path, "form-tag");

        HttpResponse<String> refused = TestClient.send("POST", node.adminUrl("/purge"),
                "{\"tags\": [\"form-tag\"], \"secret\": \"" + TOKEN + "\"}", "Content-Type", contentType);

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(refused.body()).getString("error"))
                .isEqualTo("without an Authorization header, send the body as Content-Type: application/json");
        assertThat(cacheStatus(get(node.url(path), "Host", SITE))).isEqualTo("HIT");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Origin: http://evil.example", "Origin: null", "Origin: http://127.0.0.1:1",
            "Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site"})
    @DisplayName("a request a browser marks as coming from another origin is refused, even with the token")
    void requestsFromAnotherOriginAreRefused(String marker) {
        String path = "/csrf/origin/" + marker.hashCode();
        cache(path, "origin-tag");
        String[] header = marker.split(": ", 2);

        HttpResponse<String> refused = TestClient.send("POST", node.adminUrl("/purge"), "{\"tags\": [\"origin-tag\"]}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json", header[0], header[1]);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(refused.body()).getString("error")).startsWith("cross-site request refused");
        assertThat(cacheStatus(get(node.url(path), "Host", SITE))).isEqualTo("HIT");
    }

    @Test
    @DisplayName("the dashboard's own request (same origin, JSON, bearer token) purges")
    void theDashboardsOwnRequestPurges() {
        cache("/csrf/own", "own-tag");

        HttpResponse<String> purged = TestClient.send("POST", node.adminUrl("/purge"), "{\"tags\": [\"own-tag\"]}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json",
                "Origin", "http://127.0.0.1:" + adminPort(), "Sec-Fetch-Site", "same-origin");

        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
        assertThat(cacheStatus(get(node.url("/csrf/own"), "Host", SITE))).isEqualTo("MISS");
    }

    @Test
    @DisplayName("scripts are unaffected: curl's form content type with the token in a header, JSON from an allowed address")
    void scriptsStillPurge() {
        cache("/csrf/curl", "curl-tag");
        cache("/csrf/webhook", "webhook-tag");

        HttpResponse<String> curl = TestClient.send("POST", node.adminUrl("/purge"), "{\"tags\": [\"curl-tag\"]}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> webhook = TestClient.send("POST", node.adminUrl("/purge"),
                "{\"tags\": [\"webhook-tag\"], \"secret\": \"" + TOKEN + "\"}", "Content-Type", "application/json");

        assertThat(curl.statusCode()).as(curl.body()).isEqualTo(200);
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(cacheStatus(get(node.url("/csrf/curl"), "Host", SITE))).isEqualTo("MISS");
        assertThat(cacheStatus(get(node.url("/csrf/webhook"), "Host", SITE))).isEqualTo("MISS");
    }

    private static void cache(String path, String tag) {
        origin.on(path, Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", tag));
        get(node.url(path), "Host", SITE);
        assertThat(cacheStatus(get(node.url(path), "Host", SITE))).isEqualTo("HIT");
    }

    private static int adminPort() {
        return node.node().adminPort();
    }
}
