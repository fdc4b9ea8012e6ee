package io.tiercache.proxy;

import io.tiercache.policy.HttpDate;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** A client's conditional GET answered from a fresh stored response (RFC 9111 §4.3.2). */
class ConditionalRequestTest {

    private static final long LAST_MODIFIED = 1_700_000_000L;

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

    private static void validated(String path) {
        origin.on(path, Reply.ok().cacheControl("max-age=60").header("ETag", "\"abc\"")
                .header("Last-Modified", HttpDate.format(LAST_MODIFIED)).body("validated body"));
        assertThat(cacheStatus(get(node.url(path)))).isEqualTo("MISS");
    }

    @Test
    void matchingIfNoneMatchGets304FromTheCache() {
        validated("/conditional/etag");

        HttpResponse<String> response = get(node.url("/conditional/etag"), "If-None-Match", "\"abc\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(response)).isEqualTo("HIT");
        assertThat(header(response, "ETag")).isEqualTo("\"abc\"");
        assertThat(header(response, "Cache-Control")).isEqualTo("max-age=60");
        assertThat(response.body()).isEmpty();
        assertThat(origin.hits("/conditional/etag")).isEqualTo(1);
    }

    @Test
    void weakIfNoneMatchInAListMatchesTheStoredETag() {
        validated("/conditional/etag-list");

        HttpResponse<String> response = get(node.url("/conditional/etag-list"), "If-None-Match", "\"xyz\", W/\"abc\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(origin.hits("/conditional/etag-list")).isEqualTo(1);
    }

    @Test
    void ifModifiedSinceTheLastModificationGets304FromTheCache() {
        validated("/conditional/since");

        HttpResponse<String> response = get(node.url("/conditional/since"),
                "If-Modified-Since", HttpDate.format(LAST_MODIFIED));

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(response)).isEqualTo("HIT");
        assertThat(response.body()).isEmpty();
        assertThat(origin.hits("/conditional/since")).isEqualTo(1);
    }

    @Test
    void nonMatchingIfNoneMatchGetsTheFullResponseFromTheCache() {
        validated("/conditional/other-etag");

        HttpResponse<String> response = get(node.url("/conditional/other-etag"), "If-None-Match", "\"other\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(response)).isEqualTo("HIT");
        assertThat(response.body()).isEqualTo("validated body");
        assertThat(origin.hits("/conditional/other-etag")).isEqualTo(1);
    }

    @Test
    void ifModifiedSinceBeforeTheLastModificationGetsTheFullResponse() {
        validated("/conditional/older");

        HttpResponse<String> response = get(node.url("/conditional/older"),
                "If-Modified-Since", HttpDate.format(LAST_MODIFIED - 3600));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("validated body");
        assertThat(origin.hits("/conditional/older")).isEqualTo(1);
    }

    // RFC 9110 §5.6.7: If-Modified-Since in the obsolete RFC 850 and asctime forms
    @Test
    void ifModifiedSinceInTheObsoleteFormsGets304FromTheCache() {
        validated("/conditional/obsolete-forms");
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT
        HttpResponse<String> rfc850 = get(node.url("/conditional/obsolete-forms"),
                "If-Modified-Since", "Tuesday, 14-Nov-23 22:13:20 GMT");
        HttpResponse<String> asctime = get(node.url("/conditional/obsolete-forms"),
                "If-Modified-Since", "Tue Nov 14 22:13:20 2023");

        assertThat(rfc850.statusCode()).isEqualTo(304);
        assertThat(asctime.statusCode()).isEqualTo(304);
        assertThat(origin.hits("/conditional/obsolete-forms")).isEqualTo(1);
    }

    // RFC 9111 §4.3.2, RFC 9110 §13.1.3: without Last-Modified, the stored response's Date is compared
    @Test
    void ifModifiedSinceIsComparedWithDateWhenNothingElseIsKnown() {
        long date = origin.clock().millis() / 1000;
        origin.on("/conditional/dated", Reply.ok().cacheControl("max-age=60").header("Date", HttpDate.format(date)));
        get(node.url("/conditional/dated"));

        HttpResponse<String> since = get(node.url("/conditional/dated"), "If-Modified-Since", HttpDate.format(date));
        HttpResponse<String> before = get(node.url("/conditional/dated"),
                "If-Modified-Since", HttpDate.format(date - 60));

        assertThat(since.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(since)).isEqualTo("HIT");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(origin.hits("/conditional/dated")).isEqualTo(1);
    }
}
