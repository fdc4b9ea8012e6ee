package io.tiercache.proxy;

import io.tiercache.policy.HttpDate;
import io.tiercache.testing.ByteRangeParts;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.tiercache.testing.ByteRangeParts.range;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.getBytes;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Range requests answered from a stored complete response and from one being fetched (RFC 9110 §14). */
class RangeRequestTest {

    private static final int LENGTH = 10_000;
    private static final byte[] BODY = ByteRangeParts.pattern(LENGTH, 1);
    private static long modified;

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        modified = origin.clock().millis() / 1000 - 3600;
        // Slicing off: each object is fetched and stored whole.
        node = TestNode.start(origin, "cache: {slice-size: off, max-object-size: 128k}");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    /** An object at {@code path}, stored by one full GET. */
    private static void stored(String path) {
        served(path);
        HttpResponse<byte[]> full = getBytes(node.url(path));
        assertThat(full.body()).isEqualTo(BODY);
        assertThat(header(full, "Accept-Ranges")).isEqualTo("bytes");
    }

    private static void served(String path) {
        origin.on(path, Reply.ok().cacheControl("max-age=600").header("ETag", "\"v1\"")
                .header("Content-Type", "application/octet-stream")
                .header("Last-Modified", HttpDate.format(modified)).body(BODY));
    }

    @Test
    @DisplayName("single, open-ended and suffix ranges of a stored response are answered byte for byte from the cache")
    void singleRanges() {
        stored("/range/single");

        assertPart(getBytes(node.url("/range/single"), "Range", "bytes=0-499"), 0, 499);
        assertPart(getBytes(node.url("/range/single"), "Range", "bytes=5-"), 5, LENGTH - 1);
        assertPart(getBytes(node.url("/range/single"), "Range", "bytes=-500"), LENGTH - 500, LENGTH - 1);
        assertPart(getBytes(node.url("/range/single"), "Range", "bytes=9990-20000"), 9990, LENGTH - 1);
        HttpResponse<byte[]> hit = getBytes(node.url("/range/single"), "Range", "bytes=100-199");
        assertPart(hit, 100, 199);
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        assertThat(header(hit, "ETag")).isEqualTo("\"v1\"");
        assertThat(header(hit, "Content-Type")).isEqualTo("application/octet-stream");
        assertThat(origin.hits("/range/single")).isEqualTo(1);
    }

    @Test
    @DisplayName("several ranges are answered as multipart/byteranges, in ascending order, overlapping ones merged")
    void severalRanges() {
        stored("/range/several");

        HttpResponse<byte[]> response = getBytes(node.url("/range/several"), "Range", "bytes=9000-9099, 0-9, 5-19, -10");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isNull();
        assertThat(Long.parseLong(header(response, "Content-Length"))).isEqualTo(response.body().length);
        List<ByteRangeParts.Part> parts = ByteRangeParts.parse(header(response, "Content-Type"), response.body());
        assertThat(parts).extracting(ByteRangeParts.Part::contentRange)
                .containsExactly("bytes 0-19/10000", "bytes 9000-9099/10000", "bytes 9990-9999/10000");
        assertThat(parts).extracting(ByteRangeParts.Part::contentType).containsOnly("application/octet-stream");
        assertThat(parts.get(0).bytes()).isEqualTo(range(BODY, 0, 19));
        assertThat(parts.get(1).bytes()).isEqualTo(range(BODY, 9000, 9099));
        assertThat(parts.get(2).bytes()).isEqualTo(range(BODY, 9990, 9999));
        assertThat(origin.hits("/range/several")).isEqualTo(1);
    }

    @Test
    @DisplayName("an unsatisfiable range gets 416 with the complete length; an invalid one gets the whole body")
    void unsatisfiableAndInvalid() {
        stored("/range/outside");

        HttpResponse<byte[]> unsatisfiable = getBytes(node.url("/range/outside"), "Range", "bytes=10000-");
        HttpResponse<byte[]> invalid = getBytes(node.url("/range/outside"), "Range", "bytes=500-100");
        HttpResponse<byte[]> otherUnit = getBytes(node.url("/range/outside"), "Range", "items=0-5");

        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(header(unsatisfiable, "Content-Range")).isEqualTo("bytes */10000");
        for (HttpResponse<byte[]> whole : List.of(invalid, otherUnit)) {
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(BODY);
        }
    }

    @Test
    @DisplayName("If-Range with the strong ETag or the strong Last-Modified gets the range; anything else the whole body")
    void ifRange() {
        stored("/range/if-range");

        assertPart(getBytes(node.url("/range/if-range"), "Range", "bytes=0-9", "If-Range", "\"v1\""), 0, 9);
        assertPart(getBytes(node.url("/range/if-range"), "Range", "bytes=0-9", "If-Range", HttpDate.format(modified)),
                0, 9);
        for (String mismatch : List.of("\"v2\"", "W/\"v1\"", HttpDate.format(modified + 1))) {
            HttpResponse<byte[]> whole = getBytes(node.url("/range/if-range"), "Range", "bytes=0-9", "If-Range", mismatch);
            assertThat(whole.statusCode()).as(mismatch).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(BODY);
        }
    }

    @Test
    @DisplayName("a HEAD with Range gets the head of the whole response (RFC 9110 §14.2: ranges are for GET)")
    void head() {
        stored("/range/head");

        String answer = RawHttp.send(null, node.port(), "HEAD", "/range/head", "Range: bytes=0-9");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(RawHttp.header(answer, "Content-Length")).isEqualTo("10000");
        assertThat(RawHttp.header(answer, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(RawHttp.body(answer)).isEmpty();
    }

    @Test
    @DisplayName("a range that misses fetches the whole object once, answers the range as it arrives, and stores the whole")
    void missFetchesTheWhole() {
        served("/range/miss");

        HttpResponse<byte[]> first = getBytes(node.url("/range/miss"), "Range", "bytes=2000-2999");
        HttpResponse<byte[]> several = getBytes(node.url("/range/miss-several"), "Range", "bytes=0-0,-1");

        assertPart(first, 2000, 2999);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(origin.last("/range/miss").headers().contains("Range")).isFalse();
        assertThat(node.awaitStored("/range/miss").body()).isEqualTo(BODY);
        HttpResponse<byte[]> hit = getBytes(node.url("/range/miss"), "Range", "bytes=-1");
        assertPart(hit, LENGTH - 1, LENGTH - 1);
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        assertThat(origin.hits("/range/miss")).isEqualTo(1);
        assertThat(several.statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("several ranges of an object being fetched are answered as multipart as its body arrives")
    void missWithSeveralRanges() {
        served("/range/miss-multipart");

        HttpResponse<byte[]> response = getBytes(node.url("/range/miss-multipart"), "Range", "bytes=0-0,5000-5009");

        assertThat(response.statusCode()).isEqualTo(206);
        List<ByteRangeParts.Part> parts = ByteRangeParts.parse(header(response, "Content-Type"), response.body());
        assertThat(parts).extracting(ByteRangeParts.Part::contentRange)
                .containsExactly("bytes 0-0/10000", "bytes 5000-5009/10000");
        assertThat(parts.get(1).bytes()).isEqualTo(range(BODY, 5000, 5009));
        assertThat(node.awaitStored("/range/miss-multipart").body()).isEqualTo(BODY);
    }

    @Test
    @DisplayName("a range of a response that is not stored is cut from the body as it is relayed; several get the whole body")
    void rangeOfARelayedResponse() {
        origin.on("/range/private", Reply.ok().cacheControl("private").body(BODY));
        origin.on("/range/private-several", Reply.ok().cacheControl("private").body(BODY));

        HttpResponse<byte[]> response = getBytes(node.url("/range/private"), "Range", "bytes=7000-7099");

        HttpResponse<byte[]> several = getBytes(node.url("/range/private-several"), "Range", "bytes=0-0,5000-5001");

        assertPart(response, 7000, 7099);
        assertThat(header(response, "Accept-Ranges")).isNull();
        assertThat(several.statusCode()).as("several parts need a body kept whole").isEqualTo(200);
        assertThat(several.body()).isEqualTo(BODY);
        assertThat(node.stored("/range/private")).isNull();
    }

    @Test
    @DisplayName("a range of an object too large to store is cut from one relayed fetch; later ones go to the origin as asked")
    void rangeOfAnObjectTooLargeToStore() {
        byte[] large = ByteRangeParts.pattern(200_000, 3);
        origin.on("/range/large", Reply.ok().cacheControl("max-age=600").body(large));

        HttpResponse<byte[]> first = getBytes(node.url("/range/large"), "Range", "bytes=1000-1999");
        HttpResponse<byte[]> second = getBytes(node.url("/range/large"), "Range", "bytes=5000-5009");

        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(range(large, 1000, 1999));
        assertThat(origin.seen("/range/large").get(0).headers().get("Range")).isNull();
        assertThat(origin.last("/range/large").headers().get("Range")).isEqualTo("bytes=5000-5009");
        assertThat(second.body()).as("this origin ignores ranges: its 200 is relayed").isEqualTo(large);
        assertThat(node.stored("/range/large")).isNull();
    }

    @Test
    @DisplayName("a range of a body of unknown length gets the whole body")
    void unknownLength() {
        origin.on("/range/chunked", Reply.ok().cacheControl("max-age=600").chunked().body(BODY));

        HttpResponse<byte[]> response = TestClient.getBytes(node.url("/range/chunked"), "Range", "bytes=0-9");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(BODY);
    }

    private static void assertPart(HttpResponse<byte[]> response, long first, long last) {
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + LENGTH);
        assertThat(response.body()).isEqualTo(range(BODY, first, last));
    }
}
