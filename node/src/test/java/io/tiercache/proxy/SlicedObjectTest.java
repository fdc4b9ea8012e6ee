package io.tiercache.proxy;

import io.tiercache.store.CachedResponse;
import io.tiercache.store.SliceLayout;
import io.tiercache.testing.ByteRangeParts;
import io.tiercache.testing.RangedObject;
import io.tiercache.testing.RawHttp;
import io.tiercache.testing.TestClient;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tiercache.testing.ByteRangeParts.range;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.getBytes;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Objects larger than the slice size, fetched and stored in slices (nginx's slice module): byte-exact
 * answers assembled from slices, each slice fetched once, never two versions in one answer, and
 * purges that reach every slice.
 */
class SlicedObjectTest {

    private static final int SLICE = 64 * 1024;
    /** Five slices, the last a short one. */
    private static final int LENGTH = 4 * SLICE + 37_856;
    private static final byte[] BODY = ByteRangeParts.pattern(LENGTH, 7);
    private static final byte[] CHANGED = ByteRangeParts.pattern(LENGTH, 8);

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                cache: {slice-size: 64k}
                admin: {purge-allow: [127.0.0.1]}
                routes:
                  - {name: whole, match: {prefix: /unsliced/}, slice-size: off}
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    private static RangedObject serve(String path) {
        RangedObject object = new RangedObject(BODY, "\"v1\"", "max-age=600", origin.clock());
        origin.handle(path, object);
        return object;
    }

    @Test
    @DisplayName("a full GET of a large object is fetched slice by slice, each slice once, and served whole")
    void fullGet() {
        RangedObject object = serve("/sliced/full");

        HttpResponse<byte[]> first = getBytes(node.url("/sliced/full"));
        CachedResponse head = node.awaitStored("/sliced/full");
        await().atMost(Duration.ofSeconds(5)).until(() -> storedSlices(head).size() == 5);
        HttpResponse<byte[]> second = getBytes(node.url("/sliced/full"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(BODY);
        assertThat(header(first, "Content-Length")).isEqualTo(Integer.toString(LENGTH));
        assertThat(header(first, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(first, "Content-Range")).isNull();
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(second.body()).isEqualTo(BODY);
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(object.asked()).containsExactly("bytes=0-65535", "bytes=65536-131071", "bytes=131072-196607",
                "bytes=196608-262143", "bytes=262144-299999");
        assertThat(head.slices()).isEqualTo(new SliceLayout(LENGTH, SLICE));
        assertThat(head.body()).isEmpty();
        for (int i = 0; i < 5; i++) {
            CachedResponse slice = (CachedResponse) node.node().member().entries().get(head.sliceKey(i));
            assertThat(slice.body()).isEqualTo(range(BODY, head.slices().first(i), head.slices().last(i)));
        }
    }

    @Test
    @DisplayName("ranges of a sliced object are answered byte for byte, fetching only the slices they cover")
    void ranges() {
        RangedObject object = serve("/sliced/ranges");

        assertPart(getBytes(node.url("/sliced/ranges"), "Range", "bytes=200000-200099"), 200_000, 200_099);
        assertThat(object.asked()).as("only the slice that holds the range").containsExactly("bytes=196608-262143");
        assertPart(getBytes(node.url("/sliced/ranges"), "Range", "bytes=60000-70000"), 60_000, 70_000);
        assertPart(getBytes(node.url("/sliced/ranges"), "Range", "bytes=-100"), LENGTH - 100, LENGTH - 1);
        assertPart(getBytes(node.url("/sliced/ranges"), "Range", "bytes=290000-"), 290_000, LENGTH - 1);
        HttpResponse<byte[]> several = getBytes(node.url("/sliced/ranges"), "Range", "bytes=0-9,131000-132000");
        assertThat(several.statusCode()).isEqualTo(206);
        List<ByteRangeParts.Part> parts = ByteRangeParts.parse(header(several, "Content-Type"), several.body());
        assertThat(parts).extracting(ByteRangeParts.Part::contentRange)
                .containsExactly("bytes 0-9/" + LENGTH, "bytes 131000-132000/" + LENGTH);
        assertThat(parts.get(0).bytes()).isEqualTo(range(BODY, 0, 9));
        assertThat(parts.get(1).bytes()).isEqualTo(range(BODY, 131_000, 132_000));
        HttpResponse<byte[]> unsatisfiable = getBytes(node.url("/sliced/ranges"), "Range", "bytes=" + LENGTH + "-");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(header(unsatisfiable, "Content-Range")).isEqualTo("bytes */" + LENGTH);
        assertPart(getBytes(node.url("/sliced/ranges"), "Range", "bytes=5-9", "If-Range", "\"v1\""), 5, 9);
        HttpResponse<byte[]> mismatch = getBytes(node.url("/sliced/ranges"), "Range", "bytes=5-9", "If-Range", "\"v0\"");
        assertThat(mismatch.statusCode()).isEqualTo(200);
        assertThat(mismatch.body()).isEqualTo(BODY);
        assertThat(object.rangesAsked().values()).as("each slice fetched once: %s", object.rangesAsked())
                .allMatch(count -> count.get() == 1);
        assertThat(object.rangesAsked()).hasSize(5);
    }

    @Test
    @DisplayName("a stale sliced object is revalidated with one conditional slice request; a 304 keeps its slices")
    void revalidation() {
        RangedObject object = serve("/sliced/stale");
        assertThat(getBytes(node.url("/sliced/stale")).body()).isEqualTo(BODY);
        CachedResponse head = node.awaitStored("/sliced/stale");
        await().atMost(Duration.ofSeconds(5)).until(() -> storedSlices(head).size() == 5);
        node.makeStale("/sliced/stale");

        HttpResponse<byte[]> revalidated = getBytes(node.url("/sliced/stale"));

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo(BODY);
        assertThat(cacheStatus(revalidated)).isEqualTo("REVALIDATED");
        assertThat(object.asked()).hasSize(6);
        TestOrigin.Seen conditional = origin.last("/sliced/stale");
        assertThat(conditional.headers().get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(conditional.headers().get("Range")).isEqualTo("bytes=0-65535");
    }

    @Test
    @DisplayName("a HEAD of a sliced object answers its head without fetching a slice")
    void head() {
        RangedObject object = serve("/sliced/head");
        getBytes(node.url("/sliced/head"), "Range", "bytes=0-0");

        String answer = RawHttp.send(null, node.port(), "HEAD", "/sliced/head");

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(RawHttp.header(answer, "Content-Length")).isEqualTo(Integer.toString(LENGTH));
        assertThat(object.asked()).hasSize(1);
    }

    @Test
    @DisplayName("an object that changes at the origin between two slices is never served mixed; the next request gets the new one")
    void changedBetweenSlices() {
        RangedObject object = serve("/sliced/changing");
        assertPart(getBytes(node.url("/sliced/changing"), "Range", "bytes=0-9"), 0, 9);
        object.change(CHANGED, "\"v2\"");

        HttpResponse<byte[]> cut = fullGetOrCut("/sliced/changing");
        HttpResponse<byte[]> after = getBytes(node.url("/sliced/changing"));

        if (cut != null) {
            assertThat(cut.body()).as("a whole body is all of one version").isIn(BODY, CHANGED);
        }
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(CHANGED);
        assertThat(object.asked()).as("the slice fetches after the change were conditional on the old tag")
                .contains("bytes=65536-131071");
        assertThat(origin.seen("/sliced/changing").stream().filter(seen -> "\"v1\"".equals(seen.headers().get("If-Match"))))
                .isNotEmpty();
    }

    @Test
    @DisplayName("a range across two slices of an object that changed in between is cut, not completed with the new version")
    void changedWithinARange() {
        RangedObject object = serve("/sliced/changing-range");
        assertPart(getBytes(node.url("/sliced/changing-range"), "Range", "bytes=0-9"), 0, 9);
        object.change(CHANGED, "\"v2\"");

        HttpResponse<byte[]> across = rangeOrCut("/sliced/changing-range", "bytes=65530-65545");
        HttpResponse<byte[]> after = getBytes(node.url("/sliced/changing-range"), "Range", "bytes=65530-65545");

        assertThat(across).as("6 bytes of v1 went out before slice 1 turned out changed: the response is cut").isNull();
        assertThat(after.statusCode()).isEqualTo(206);
        assertThat(after.body()).isEqualTo(range(CHANGED, 65_530, 65_545));
        assertThat(header(after, "ETag")).isEqualTo("\"v2\"");
    }

    @Test
    @DisplayName("a range of a changed object found out before a byte went out is answered from the new version")
    void changedBeforeAnswering() {
        RangedObject object = serve("/sliced/changed-early");
        assertPart(getBytes(node.url("/sliced/changed-early"), "Range", "bytes=0-9"), 0, 9);
        object.change(CHANGED, "\"v2\"");

        HttpResponse<byte[]> range = getBytes(node.url("/sliced/changed-early"), "Range", "bytes=70000-70009");

        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(range(CHANGED, 70_000, 70_009));
        assertThat(header(range, "ETag")).isEqualTo("\"v2\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stored("/sliced/changed-early"),
                head -> head != null && "\"v2\"".equals(head.headers().first("ETag")));
    }

    @Test
    @DisplayName("a failure in the SLICES step answers 500; the fill it led still stores, and the next request is answered")
    void failureInTheSlicesStep() {
        RangedObject object = serve("/sliced/failing");
        AtomicBoolean thrown = new AtomicBoolean();
        node.node().proxy().probe(step -> {
            if (step == CacheRequest.Step.SLICES && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in SLICES");
            }
        });
        try {
            HttpResponse<byte[]> failed = getBytes(node.url("/sliced/failing"));

            assertThat(failed.statusCode()).isEqualTo(500);
        } finally {
            node.node().proxy().probe(StepProbe.NONE);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().registry().get("tiercache.fills.in.flight")
                .gauge().value() == 0);
        HttpResponse<byte[]> next = getBytes(node.url("/sliced/failing"));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo(BODY);
        assertThat(object.rangesAsked().get("bytes=0-65535")).as("slice 0 came from the failed request's fill").hasValue(1);
    }

    @Test
    @DisplayName("a purge of the URL, of its prefix or of its tag removes the head and every slice")
    void purgeReachesEverySlice() {
        for (String scope : List.of("url", "prefix", "tag")) {
            String path = "/sliced/purged-" + scope;
            serve(path);
            assertThat(getBytes(node.url(path)).body()).isEqualTo(BODY);
            CachedResponse head = node.awaitStored(path);
            await().atMost(Duration.ofSeconds(5)).until(() -> storedSlices(head).size() == 5);

            HttpResponse<String> purged = switch (scope) {
                case "url" -> TestClient.send("PURGE", node.url(path), null);
                case "prefix" -> adminPurge("{\"prefixes\": [\"" + path + "\"]}");
                default -> adminPurge("{\"tags\": [\"ranged-object\"]}");
            };

            assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
            assertThat(node.stored(path)).isNull();
            assertThat(storedSlices(head)).as(scope).isEmpty();
            assertThat(node.node().proxy().store().hasHotCopy(head.sliceKey(0))).isFalse();
        }
    }

    @Test
    @DisplayName("an object that fits one slice, or from an origin that ignores ranges, is stored whole")
    void storedWhole() {
        RangedObject small = new RangedObject(range(BODY, 0, 999), "\"s\"", "max-age=600", origin.clock());
        origin.handle("/sliced/small", small);
        RangedObject plain = new RangedObject(BODY, "\"p\"", "max-age=600", origin.clock()).ignoringRanges();
        origin.handle("/sliced/plain", plain);

        HttpResponse<byte[]> smallAnswer = getBytes(node.url("/sliced/small"));
        HttpResponse<byte[]> plainRange = getBytes(node.url("/sliced/plain"), "Range", "bytes=10-19");

        assertThat(smallAnswer.statusCode()).isEqualTo(200);
        assertThat(smallAnswer.body()).isEqualTo(range(BODY, 0, 999));
        assertThat(node.awaitStored("/sliced/small").status()).isEqualTo(200);
        assertThat(node.awaitStored("/sliced/small").slices()).isNull();
        assertThat(node.awaitStored("/sliced/small").headers().first("Content-Range")).isNull();
        assertPart(plainRange, 10, 19);
        assertThat(node.awaitStored("/sliced/plain").body()).isEqualTo(BODY);
        assertThat(plain.asked()).containsExactly("bytes=0-65535");
    }

    @Test
    @DisplayName("a route with slicing off fetches the object whole")
    void routeWithoutSlicing() {
        RangedObject object = serve("/unsliced/object");

        assertPart(getBytes(node.url("/unsliced/object"), "Range", "bytes=100-199"), 100, 199);

        assertThat(object.asked()).containsExactly("none");
        assertThat(node.awaitStored("/unsliced/object").body()).isEqualTo(BODY);
    }

    private static List<Object> storedSlices(CachedResponse head) {
        Map<String, ?> entries = node.node().member().entries();
        return java.util.stream.IntStream.range(0, head.slices().count()).mapToObj(head::sliceKey)
                .map(key -> (Object) entries.get(key)).filter(java.util.Objects::nonNull).toList();
    }

    private static HttpResponse<String> adminPurge(String json) {
        return TestClient.send("POST", node.adminUrl("/purge"), json, "Content-Type", "application/json");
    }

    /** A full GET, or null when the node cut the response (the honest answer once bytes of the old version went out). */
    private static HttpResponse<byte[]> fullGetOrCut(String path) {
        return rangeOrCut(path, null);
    }

    private static HttpResponse<byte[]> rangeOrCut(String path, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(30));
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return TestClient.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException cut) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertPart(HttpResponse<byte[]> response, long first, long last) {
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + LENGTH);
        assertThat(response.body()).isEqualTo(range(BODY, first, last));
    }
}
