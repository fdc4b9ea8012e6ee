package io.tiercache.proxy;

import com.aayushatharva.brotli4j.decoder.Decoder;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static io.tiercache.proxy.CompressionTest.TEXT;
import static io.tiercache.proxy.CompressionTest.assertDecoded;
import static io.tiercache.proxy.CompressionTest.assertGzip;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.getBytes;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's {@code compress}: an uncoded compressible response is stored as br and as gzip from one
 * fetch, and each client gets the best coding it accepts (RFC 9110 §12.5.3), the rest the gzip copy decoded.
 */
class CompressRouteTest {

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                cache: {max-object-size: 1m}
                routes:
                  - name: text
                    match: {prefix: /z/}
                    compress: {codings: [gzip, br], min-size: 1k}
                  - name: gzip-only
                    match: {prefix: /g/}
                    compress: {codings: [gzip], types: [text/html]}
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    @Test
    @DisplayName("a route without compress takes cache.compress; compress: off on a route turns it off there")
    void routesTakeTheCacheWideCompress() {
        io.tiercache.config.TierCacheConfig config = io.tiercache.config.ConfigLoader.fromYaml("""
                cache: {compress: {codings: [gzip]}}
                routes:
                  - {match: {prefix: /a/}}
                  - {match: {prefix: /b/}, compress: off}
                """);
        assertThat(new Route(config.routes().get(0), config.cache()).compression().enabled()).isTrue();
        assertThat(new Route(config.routes().get(1), config.cache()).compression().enabled()).isFalse();
        assertThat(new Route(io.tiercache.config.RouteConfig.catchAll(), config.cache()).compression().enabled())
                .isTrue();
    }

    private static Reply page(String contentType) {
        return Reply.ok().cacheControl("max-age=600").header("ETag", "\"z1\"").header("Content-Type", contentType)
                .body(TEXT);
    }

    @Test
    @DisplayName("RFC 9110 §12.5.3: one fetch stores br and gzip; br, gzip, identity, *;q=0 and no header each get the best they accept")
    void eachClientGetsTheBestCodingItAccepts() throws IOException {
        origin.on("/z/page", page("text/html; charset=utf-8"));

        HttpResponse<byte[]> first = getBytes(node.url("/z/page"), "Accept-Encoding", "gzip, deflate, br");
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(first.body()).isEqualTo(TEXT);
        assertThat(header(first, "Vary")).containsIgnoringCase("Accept-Encoding");
        node.awaitVariant("/z/page", "accept-encoding=br\n");
        node.awaitVariant("/z/page", "accept-encoding=gzip\n");

        HttpResponse<byte[]> br = getBytes(node.url("/z/page"), "Accept-Encoding", "br;q=1, gzip;q=0.5");
        assertThat(cacheStatus(br)).isEqualTo("HIT");
        assertThat(header(br, "Content-Encoding")).isEqualTo("br");
        // RFC 9110 §8.8.1: the stored copies are transformations of the origin's representation.
        assertThat(header(br, "ETag")).isEqualTo("W/\"z1\"");
        assertThat(br.body().length).isLessThan(TEXT.length / 5);
        assertThat(Decoder.decompress(br.body()).getDecompressedData()).isEqualTo(TEXT);
        HttpResponse<byte[]> gzip = getBytes(node.url("/z/page"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(gzip)).isEqualTo("HIT");
        assertGzip(gzip);
        for (String[] identity : List.of(new String[0], new String[] {"Accept-Encoding", "*;q=0"},
                new String[] {"Accept-Encoding", "identity"})) {
            HttpResponse<byte[]> decoded = getBytes(node.url("/z/page"), identity);
            assertThat(cacheStatus(decoded)).isEqualTo("HIT");
            assertDecoded(decoded);
            assertThat(header(decoded, "Content-Length")).isEqualTo(Integer.toString(TEXT.length));
        }
        assertThat(origin.hits("/z/page")).isEqualTo(1);
    }

    @Test
    @DisplayName("a client without gzip may fill it: the copies are stored all the same, and it gets the body as it came")
    void anIdentityClientFillsTheCompressedCopies() {
        origin.on("/g/page", page("text/html"));

        assertThat(getBytes(node.url("/g/page")).body()).isEqualTo(TEXT);
        node.awaitVariant("/g/page", "accept-encoding=gzip\n");
        HttpResponse<byte[]> gzip = getBytes(node.url("/g/page"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(gzip)).isEqualTo("HIT");
        assertGzip(gzip);
        HttpResponse<byte[]> brClient = getBytes(node.url("/g/page"), "Accept-Encoding", "br");
        assertThat(cacheStatus(brClient)).isEqualTo("HIT");
        assertDecoded(brClient);
        assertThat(origin.hits("/g/page")).isEqualTo(1);
    }

    @Test
    @DisplayName("types outside the list, bodies under min-size and no-transform responses (RFC 9111 §5.2.2.6) are stored as they came")
    void onlyCompressibleResponsesAreCompressed() {
        origin.on("/z/image.png", page("image/png"));
        origin.on("/z/small", Reply.ok().cacheControl("max-age=600").header("Content-Type", "text/html")
                .body("a short page"));
        origin.on("/z/no-transform", page("text/html").cacheControl("max-age=600, no-transform"));
        origin.on("/g/data.json", page("application/json"));

        for (String path : List.of("/z/image.png", "/z/small", "/z/no-transform", "/g/data.json")) {
            getBytes(node.url(path), "Accept-Encoding", "gzip, br");
            node.awaitStored(path);
            HttpResponse<byte[]> hit = getBytes(node.url(path), "Accept-Encoding", "gzip, br");
            assertThat(cacheStatus(hit)).as(path).isEqualTo("HIT");
            assertThat(header(hit, "Content-Encoding")).as(path).isNull();
            assertThat(header(hit, "ETag")).as(path).isNotEqualTo("W/\"z1\"");
        }
    }

    @Test
    @DisplayName("RFC 9111 §4.3.4: a copy the cache compressed is freshened by the origin's 304 for the entity tag it derives from, and its tag stays weak")
    void aCompressedCopyIsRevalidatedNotRefetched() {
        origin.handle("/z/revalidated", request -> {
            String asked = request.getHeader("If-None-Match");
            // Weak comparison, as RFC 9110 §13.1.2 has origins compare If-None-Match.
            if (asked != null && asked.replace("W/", "").equals("\"r1\"")) {
                request.response().setStatusCode(304).putHeader("Cache-Control", "max-age=60").putHeader("ETag", "\"r1\"")
                        .end();
                return;
            }
            request.response().putHeader("Cache-Control", "max-age=60").putHeader("ETag", "\"r1\"")
                    .putHeader("Content-Type", "text/html").end(io.vertx.core.buffer.Buffer.buffer(TEXT));
        });
        getBytes(node.url("/z/revalidated"), "Accept-Encoding", "gzip");
        node.awaitVariant("/z/revalidated", "accept-encoding=gzip\n");
        node.clock().advance(java.time.Duration.ofSeconds(61));

        HttpResponse<byte[]> revalidated = getBytes(node.url("/z/revalidated"), "Accept-Encoding", "gzip");

        assertThat(cacheStatus(revalidated)).isEqualTo("REVALIDATED");
        assertGzip(revalidated);
        assertThat(header(revalidated, "ETag")).isEqualTo("W/\"r1\"");
        assertThat(origin.last("/z/revalidated").headers().get("If-None-Match")).isEqualTo("W/\"r1\"");
        HttpResponse<byte[]> hit = getBytes(node.url("/z/revalidated"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        assertThat(header(hit, "ETag")).isEqualTo("W/\"r1\"");
        assertThat(origin.hits("/z/revalidated")).isEqualTo(2);
    }
}
