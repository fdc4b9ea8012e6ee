package io.tiercache.proxy;

import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.getBytes;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Content codings on a real node (RFC 9110 §8.4, §12.5.3): Accept-Encoding normalised so that its
 * spellings share stored responses, one stored representation per coding, a gzip one decoded on the
 * way out for clients that do not take gzip, no-transform obeyed (RFC 9111 §5.2.2.6).
 */
class CompressionTest {

    /** About 60 KiB of text: several FillBody blocks decoded, several GunzipStream pieces. */
    static final byte[] TEXT = text(60_000);
    static final byte[] GZIPPED = gzip(TEXT);
    static final String GZIP_SLOT = "accept-encoding=gzip\n";

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "cache: {max-object-size: 1m}");
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    /** An origin that gzips for requests that offer gzip, as nginx's gzip module does. */
    private static void negotiating(String path, String cacheControl) {
        origin.handle(path, request -> {
            request.response().putHeader("Cache-Control", cacheControl).putHeader("Vary", "Accept-Encoding")
                    .putHeader("ETag", "\"v1\"").putHeader("Content-Type", "text/plain");
            if (offersGzip(request)) {
                request.response().putHeader("Content-Encoding", "gzip").end(Buffer.buffer(GZIPPED));
            } else {
                request.response().end(Buffer.buffer(TEXT));
            }
        });
    }

    private static boolean offersGzip(HttpServerRequest request) {
        String offered = request.getHeader("Accept-Encoding");
        return offered != null && offered.contains("gzip");
    }

    @Test
    @DisplayName("RFC 9110 §12.5.3: gzip, br, identity, *;q=0, gzip;q=0 and no Accept-Encoding are all answered from one stored gzip copy")
    void everyCodingFromOneStoredGzipCopy() {
        negotiating("/c/one-copy", "max-age=600");

        HttpResponse<byte[]> gzip = getBytes(node.url("/c/one-copy"), "Accept-Encoding", "gzip, deflate");
        assertThat(cacheStatus(gzip)).isEqualTo("MISS");
        assertGzip(gzip);
        assertThat(origin.last("/c/one-copy").headers().get("Accept-Encoding")).isEqualTo("gzip");
        node.awaitVariant("/c/one-copy", GZIP_SLOT);

        for (String spelling : List.of("GZIP", "x-gzip", "deflate, gzip;q=0.5", "*", "br, gzip")) {
            HttpResponse<byte[]> asIs = getBytes(node.url("/c/one-copy"), "Accept-Encoding", spelling);
            assertThat(cacheStatus(asIs)).as(spelling).isEqualTo("HIT");
            assertGzip(asIs);
        }
        for (String[] identity : List.of(new String[] {"Accept-Encoding", "identity"},
                new String[] {"Accept-Encoding", "*;q=0"}, new String[] {"Accept-Encoding", "gzip;q=0"},
                new String[] {"Accept-Encoding", "gzip;q=0, deflate"}, new String[] {"Accept-Encoding", "br"},
                new String[] {"Accept-Encoding", ""}, new String[0])) {
            HttpResponse<byte[]> decoded = getBytes(node.url("/c/one-copy"), identity);
            assertThat(cacheStatus(decoded)).as(String.join(": ", identity)).isEqualTo("HIT");
            assertDecoded(decoded);
            assertThat(header(decoded, "Content-Length")).isEqualTo(Integer.toString(TEXT.length));
        }
        assertThat(origin.hits("/c/one-copy")).isEqualTo(1);
    }

    @Test
    @DisplayName("RFC 9111 §4.1: a fill offers the origin the normalised coding; identity first, then gzip: one fetch per coding")
    void oneFetchPerCoding() {
        negotiating("/c/per-coding", "max-age=600");

        HttpResponse<byte[]> plain = getBytes(node.url("/c/per-coding"), "Accept-Encoding", "deflate");
        assertThat(plain.body()).isEqualTo(TEXT);
        assertThat(header(plain, "Content-Encoding")).isNull();
        assertThat(origin.last("/c/per-coding").headers().get("Accept-Encoding")).isEqualTo("identity");
        node.awaitVariant("/c/per-coding", "accept-encoding=identity\n");
        HttpResponse<byte[]> gzip = getBytes(node.url("/c/per-coding"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(gzip)).isEqualTo("MISS");
        assertGzip(gzip);

        assertThat(cacheStatus(getBytes(node.url("/c/per-coding"), "Accept-Encoding", "identity"))).isEqualTo("HIT");
        assertThat(getBytes(node.url("/c/per-coding")).body()).isEqualTo(TEXT);
        HttpResponse<byte[]> gzipAgain = getBytes(node.url("/c/per-coding"), "Accept-Encoding", "deflate, gzip, br");
        assertThat(cacheStatus(gzipAgain)).isEqualTo("HIT");
        assertGzip(gzipAgain);
        assertThat(origin.hits("/c/per-coding")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9111 §4.3.1: a client without gzip revalidates the stale gzip copy it is served decoded, asking the origin for gzip")
    void revalidationAsksForTheStoredCoding() {
        origin.handle("/c/revalidate", request -> {
            if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
                request.response().setStatusCode(304).putHeader("Cache-Control", "max-age=60")
                        .putHeader("ETag", "\"v1\"").end();
                return;
            }
            request.response().putHeader("Cache-Control", "max-age=60").putHeader("Vary", "Accept-Encoding")
                    .putHeader("ETag", "\"v1\"").putHeader("Content-Encoding", "gzip").end(Buffer.buffer(GZIPPED));
        });
        getBytes(node.url("/c/revalidate"), "Accept-Encoding", "gzip");
        node.awaitVariant("/c/revalidate", GZIP_SLOT);
        node.clock().advance(Duration.ofSeconds(61));

        HttpResponse<byte[]> revalidated = getBytes(node.url("/c/revalidate"));

        assertThat(cacheStatus(revalidated)).isEqualTo("REVALIDATED");
        assertDecoded(revalidated);
        TestOrigin.Seen conditional = origin.last("/c/revalidate");
        assertThat(conditional.headers().get("Accept-Encoding")).isEqualTo("gzip");
        assertThat(conditional.headers().get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(cacheStatus(getBytes(node.url("/c/revalidate"), "Accept-Encoding", "gzip"))).isEqualTo("HIT");
        assertThat(origin.hits("/c/revalidate")).isEqualTo(2);
    }

    @Test
    @DisplayName("RFC 9110 §8.8.1: the decoded body's ETag is weak; If-None-Match with it gives a 304, If-Match with the strong one a 412")
    void decodedEntityTagIsWeak() {
        negotiating("/c/etag", "max-age=600");
        getBytes(node.url("/c/etag"), "Accept-Encoding", "gzip");
        node.awaitVariant("/c/etag", GZIP_SLOT);

        HttpResponse<byte[]> decoded = getBytes(node.url("/c/etag"));
        assertThat(header(decoded, "ETag")).isEqualTo("W/\"v1\"");
        HttpResponse<byte[]> notModified = getBytes(node.url("/c/etag"), "If-None-Match", "W/\"v1\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(header(notModified, "ETag")).isEqualTo("W/\"v1\"");
        // RFC 9110 §13.1.1: If-Match compares strongly; a weak tag never matches.
        assertThat(getBytes(node.url("/c/etag"), "If-Match", "\"v1\"").statusCode()).isEqualTo(412);
        assertThat(getBytes(node.url("/c/etag"), "Accept-Encoding", "gzip", "If-Match", "\"v1\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("RFC 9110 §9.3.2: HEAD of a decoded body has its decoded Content-Length and no Content-Encoding")
    void headOfADecodedBody() throws Exception {
        negotiating("/c/head", "max-age=600");
        getBytes(node.url("/c/head"), "Accept-Encoding", "gzip");
        node.awaitVariant("/c/head", GZIP_SLOT);

        HttpResponse<Void> head = TestClient.client().send(HttpRequest.newBuilder(URI.create(node.url("/c/head")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(TEXT.length));
        assertThat(header(head, "Content-Encoding")).isNull();
        assertThat(header(head, "ETag")).isEqualTo("W/\"v1\"");
        assertThat(cacheStatus(head)).isEqualTo("HIT");
    }

    @Test
    @DisplayName("RFC 9110 §14.2: a Range on a decoded body is ignored (200, whole); on the gzip body it ranges the coded bytes")
    void rangesApplyToTheRepresentationSent() {
        negotiating("/c/range", "max-age=600");
        getBytes(node.url("/c/range"), "Accept-Encoding", "gzip");
        node.awaitVariant("/c/range", GZIP_SLOT);

        HttpResponse<byte[]> decoded = getBytes(node.url("/c/range"), "Range", "bytes=0-99");
        assertThat(decoded.statusCode()).isEqualTo(200);
        assertDecoded(decoded);
        HttpResponse<byte[]> coded = getBytes(node.url("/c/range"), "Accept-Encoding", "gzip", "Range", "bytes=0-99");
        assertThat(coded.statusCode()).isEqualTo(206);
        assertThat(header(coded, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(coded, "Content-Range")).isEqualTo("bytes 0-99/" + GZIPPED.length);
        assertThat(coded.body()).isEqualTo(java.util.Arrays.copyOf(GZIPPED, 100));
    }

    @Test
    @DisplayName("RFC 9111 §5.2.2.6: a no-transform gzip response is never decoded; a client without gzip gets identity from the origin")
    void noTransformIsObeyed() {
        negotiating("/c/no-transform", "max-age=600, no-transform");
        assertGzip(getBytes(node.url("/c/no-transform"), "Accept-Encoding", "gzip"));
        node.awaitVariant("/c/no-transform", "accept-encoding=gzip;as-is\n");

        HttpResponse<byte[]> identity = getBytes(node.url("/c/no-transform"));
        assertThat(cacheStatus(identity)).isEqualTo("MISS");
        assertThat(identity.body()).isEqualTo(TEXT);
        assertThat(header(identity, "ETag")).isEqualTo("\"v1\"");
        assertThat(origin.last("/c/no-transform").headers().get("Accept-Encoding")).isEqualTo("identity");
        assertThat(cacheStatus(getBytes(node.url("/c/no-transform"), "Accept-Encoding", "gzip"))).isEqualTo("HIT");
        assertThat(cacheStatus(getBytes(node.url("/c/no-transform")))).isEqualTo("HIT");
        assertThat(origin.hits("/c/no-transform")).isEqualTo(2);
    }

    @Test
    @DisplayName("an origin that sends gzip to a client that did not offer it: decoded as it arrives, Vary: Accept-Encoding added")
    void gzipForcedOnAnIdentityClientIsDecodedWhileFetched() {
        origin.handle("/c/forced", request -> request.response().putHeader("Cache-Control", "max-age=600")
                .putHeader("Content-Encoding", "gzip").putHeader("ETag", "\"f1\"").end(Buffer.buffer(GZIPPED)));

        HttpResponse<byte[]> decoded = getBytes(node.url("/c/forced"));
        assertThat(cacheStatus(decoded)).isEqualTo("MISS");
        assertDecoded(decoded);
        assertThat(header(decoded, "ETag")).isEqualTo("W/\"f1\"");
        node.awaitVariant("/c/forced", GZIP_SLOT);
        assertGzip(getBytes(node.url("/c/forced"), "Accept-Encoding", "gzip"));
        assertDecoded(getBytes(node.url("/c/forced")));
        assertThat(origin.hits("/c/forced")).isEqualTo(1);
    }

    @Test
    @DisplayName("concurrent clients with and without gzip share one fetch: those without gzip get it decoded as it arrives")
    void joinersDecodeAsTheBodyArrives() {
        origin.on("/c/joined", io.tiercache.testing.Reply.ok().cacheControl("max-age=600").delay(300)
                .header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding").body(GZIPPED));

        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> answers = new java.util.ArrayList<>();
        for (String coding : List.of("gzip", "identity", "gzip, br", "")) {
            answers.add(TestClient.client().sendAsync(HttpRequest.newBuilder(URI.create(node.url("/c/joined")))
                    .header("Accept-Encoding", coding).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }

        assertGzip(answers.get(0).join());
        assertDecoded(answers.get(1).join());
        assertGzip(answers.get(2).join());
        assertDecoded(answers.get(3).join());
        assertThat(origin.hits("/c/joined")).isEqualTo(1);
    }

    @Test
    @DisplayName("corrupt gzip from the origin is relayed to gzip clients, never stored, and cut for a client it would be decoded for")
    void corruptGzipDoesNotPoisonTheCache() {
        byte[] corrupt = GZIPPED.clone();
        for (int i = 100; i < 200; i++) {
            corrupt[i] ^= 0x5a;
        }
        origin.handle("/c/corrupt", request -> request.response().putHeader("Cache-Control", "max-age=600")
                .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(corrupt)));

        assertThat(getBytes(node.url("/c/corrupt"), "Accept-Encoding", "gzip").body()).isEqualTo(corrupt);
        // The fill answers its client before it checks the body and decides not to store it; a request
        // sent meanwhile would join that fill (HIT, collapsed) rather than ask the cache again.
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().metrics().find("tiercache.fills.in.flight")
                .gauge().value() == 0);
        HttpResponse<byte[]> again = getBytes(node.url("/c/corrupt"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(again)).isEqualTo("MISS");
        // Damaged before a byte of it went out: the client without gzip is answered properly.
        assertThat(getBytes(node.url("/c/corrupt")).statusCode()).isEqualTo(502);
        assertThat(origin.hits("/c/corrupt")).isEqualTo(3);
        negotiating("/c/after-corrupt", "max-age=600");
        assertThat(getBytes(node.url("/c/after-corrupt")).body()).isEqualTo(TEXT);
    }

    @Test
    @DisplayName("a decompression bomb is stored for gzip clients only and never decoded past max-object-size")
    void decompressionBombIsBounded() {
        byte[] bomb = gzip(new byte[8 * 1024 * 1024]);
        origin.handle("/c/bomb", request -> request.response().putHeader("Cache-Control", "max-age=600")
                .putHeader("Content-Encoding", "gzip").putHeader("Vary", "Accept-Encoding").end(Buffer.buffer(bomb)));

        assertThat(getBytes(node.url("/c/bomb"), "Accept-Encoding", "gzip").body()).isEqualTo(bomb);
        node.awaitVariant("/c/bomb", "accept-encoding=gzip;as-is\n");
        HttpResponse<byte[]> hit = getBytes(node.url("/c/bomb"), "Accept-Encoding", "gzip");
        assertThat(cacheStatus(hit)).isEqualTo("HIT");
        // Not decodable within 1m: the client without gzip misses, and its own fetch is cut at the limit.
        assertThatThrownBy(() -> getBytes(node.url("/c/bomb"))).isInstanceOf(UncheckedIOException.class);
        assertThat(origin.hits("/c/bomb")).isEqualTo(2);
    }

    static void assertGzip(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
        assertThat(response.headers().allValues("Vary").toString()).containsIgnoringCase("Accept-Encoding");
        assertThat(gunzip(response.body())).isEqualTo(TEXT);
    }

    static void assertDecoded(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Encoding")).isNull();
        assertThat(header(response, "Accept-Ranges")).isNull();
        assertThat(response.headers().allValues("Vary").toString()).containsIgnoringCase("Accept-Encoding");
        assertThat(response.body()).isEqualTo(TEXT);
    }

    static byte[] text(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int line = 0; text.length() < length; line++) {
            text.append("line ").append(line).append(": the quick brown fox jumps over the lazy dog\n");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
