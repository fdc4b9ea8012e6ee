package io.tiercache.store;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.tiercache.policy.HeaderList;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static io.tiercache.store.Responses.location;
import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored-entry format, and its upgrade story (see {@link StoredEntrySerializer}): during a
 * rolling upgrade a node reads entries written by the previous release, skips the extensions a
 * newer one added, and treats an entry in a version it does not know as a miss that purges still
 * remove. Entries of other releases are written here byte by byte, the way those releases lay them
 * out, and put into a real member's map.
 */
@DisplayName("StoredEntrySerializer: the shared map's value format across releases")
class StoredEntrySerializerTest {

    static TestOrigin origin;
    static TestNode node;
    static HazelcastInstance member;
    static InternalSerializationService serialization;
    /** Serialization as a node of another release does it: the same serializer type id, another layout. */
    static InternalSerializationService otherRelease;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, "");
        member = node.node().member().hazelcast();
        serialization = (InternalSerializationService) ((SerializationServiceSupport) member).getSerializationService();
        otherRelease = new DefaultSerializationServiceBuilder().setConfig(new SerializationConfig()
                .addSerializerConfig(new SerializerConfig().setTypeClass(Layout.class).setImplementation(new LayoutWriter())))
                .build();
    }

    @AfterAll
    static void stop() {
        otherRelease.dispose();
        node.close();
        origin.close();
    }

    /** Bytes as another release lays them out. */
    @FunctionalInterface
    interface Layout {
        void writeTo(ObjectDataOutput out) throws IOException;
    }

    static final class LayoutWriter implements StreamSerializer<Layout> {
        @Override
        public int getTypeId() {
            return StoredEntrySerializer.TYPE_ID;
        }

        @Override
        public void write(ObjectDataOutput out, Layout layout) throws IOException {
            layout.writeTo(out);
        }

        @Override
        public Layout read(com.hazelcast.nio.ObjectDataInput in) {
            throw new UnsupportedOperationException("only writes");
        }
    }

    /** Every field set, none at its default: a field the format drops or swaps cannot go unnoticed. */
    static CachedResponse everyField(String pathQuery) {
        HeaderList headers = HeaderList.of("Content-Type", "text/html; charset=utf-8", "ETag", "\"v7\"",
                "Content-Disposition", "attachment; filename*=UTF-8''Gr\u00fc\u00dfe-\u65e5\u672c.txt",
                "X-Emoji", "\uD83C\uDF75 tea", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
        return new CachedResponse(location("www.example.test:8080", pathQuery), "accept-language=de", 203, headers,
                new byte[] {0, 1, 2, (byte) 0xff, 'x'}, new String[] {"home", "prod\u00fcct-7"},
                new CachedResponse.Timing(1_700_000_000_001L, 1_700_000_000_250L, 3_000),
                new CachedResponse.Freshness(60_000, 30_000, 86_400_000, true, true, "s-maxage"),
                1_700_000_100_000L, 42, "node-\u00e9");
    }

    /** How every version starts, so that any release can tell where an entry belongs. */
    static void writeHead(ObjectDataOutput out, int version, CacheLocation location) throws IOException {
        out.writeByte(version);
        out.writeString(location.primaryKey());
        out.writeString(location.url());
        out.writeString(location.host());
        out.writeString(location.path());
        out.writeString(location.pathQuery());
    }

    /** What this release writes for a response up to its extensions: the layout of version 1. */
    static void writeResponse(ObjectDataOutput out, int version, CachedResponse response) throws IOException {
        writeHead(out, version, response.location());
        out.writeByte(1);
        out.writeString(response.variantKey());
        out.writeShort(response.status());
        out.writeInt(response.headers().size());
        for (int i = 0; i < response.headers().size(); i++) {
            out.writeString(response.headers().name(i));
            out.writeString(response.headers().value(i));
        }
        out.writeByteArray(response.body());
        out.writeStringArray(response.getTags());
        out.writeLong(response.timing().requestTime());
        out.writeLong(response.timing().responseTime());
        out.writeLong(response.timing().initialAge());
        out.writeLong(response.freshness().lifetime());
        out.writeLong(response.freshness().staleWhileRevalidate());
        out.writeLong(response.freshness().staleIfError());
        out.writeBoolean(response.freshness().revalidateAlways());
        out.writeBoolean(response.freshness().staleForbidden());
        out.writeString(response.freshness().source());
        out.writeLong(response.softPurgedAt());
        out.writeLong(response.purgeEpoch());
        out.writeString(response.storedBy());
    }

    /** A newer release's entry: a version this one does not know, starting with the location as every version does. */
    static Layout futureFormat(CacheLocation location) {
        return out -> {
            writeHead(out, 7, location);
            out.writeLong(Long.MIN_VALUE);
            out.writeByteArray(new byte[] {9, 9, 9});
        };
    }

    /** Puts bytes written by another release into the real shared map, as that release's node would. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void putAsWritten(String key, Layout layout) {
        Data written = otherRelease.toData(layout);
        ((IMap) entries()).set(key, written);
    }

    static IMap<String, StoredEntry> entries() {
        return member.getMap(SharedEntries.MAP_NAME);
    }

    static void assertSameResponse(StoredEntry read, CachedResponse written) {
        assertThat(read).isInstanceOf(CachedResponse.class).isNotSameAs(written);
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
    }

    @Nested
    @DisplayName("in this release's format")
    class CurrentFormat {

        @Test
        void readsBackEveryFieldOfAResponse() {
            CachedResponse response = everyField("/caf\u00e9?x=\u00fc");

            assertSameResponse(serialization.toObject(serialization.toData(response)), response);
        }

        @Test
        void readsBackAResponseWithAnEmptyBodyNoHeadersAndNoTags() {
            CachedResponse empty = new CachedResponse(location("www.example.test", "/empty"), "", 204, HeaderList.EMPTY,
                    new byte[0], new String[0], new CachedResponse.Timing(0, 0, 0),
                    new CachedResponse.Freshness(0, 0, 0, false, false, ""), 0, -1, "");

            assertSameResponse(serialization.toObject(serialization.toData(empty)), empty);
        }

        /** A kind of its own, so that a release before slices reads it as a miss rather than as an empty body. */
        @Test
        void readsBackTheHeadOfASlicedObject() {
            CachedResponse head = new CachedResponse(location("www.example.test", "/video.mp4"), "", 200,
                    HeaderList.of("ETag", "\"v1\"", "Content-Type", "video/mp4"), new byte[0], new String[] {"videos"},
                    new CachedResponse.Timing(1, 2, 0), new CachedResponse.Freshness(60_000, 0, 0, false, false, "max-age"),
                    0, 5, "node-1", new SliceLayout(209_715_200, 1_048_576));

            StoredEntry read = serialization.toObject(serialization.toData(head));

            assertSameResponse(read, head);
            assertThat(((CachedResponse) read).slices().count()).isEqualTo(200);
            assertThat(((CachedResponse) read).sliceKey(3)).isNotEqualTo(head.storageKey()).endsWith("3");
        }

        @Test
        void readsBackAVariantIndex() {
            VariantIndex index = new VariantIndex(location("www.example.test", "/menu"), List.of("accept-language",
                    "accept-encoding"), List.of("de|gzip", "\u65e5\u672c|br"), 1_700_000_000_000L);

            StoredEntry read = serialization.toObject(serialization.toData(index));

            assertThat(read).isInstanceOf(VariantIndex.class).usingRecursiveComparison().isEqualTo(index);
        }

        @Test
        void refusesToWriteAnUnreadableEntry() {
            UnreadableEntry unreadable = new UnreadableEntry(location("www.example.test", "/future"), 7);

            assertThatThrownBy(() -> serialization.toData(unreadable))
                    .isInstanceOf(HazelcastSerializationException.class)
                    .hasRootCauseMessage("an entry in an unknown format cannot be written back");
        }

        /** A write that lands in the map through the member: what every fill does. */
        @Test
        void readsBackAResponseStoredInTheSharedMap() {
            CachedResponse response = everyField("/stored-through-the-map");

            entries().set("format-current", response);

            assertSameResponse(entries().get("format-current"), response);
        }
    }

    @Nested
    @DisplayName("written by another release")
    class OtherReleases {

        @Test
        void readsAnEntryInThePreviousFormat() {
            CachedResponse response = everyField("/format/v1");

            putAsWritten("format-v1", out -> writeResponse(out, 1, response));

            assertSameResponse(entries().get("format-v1"), response);
        }

        @Test
        void skipsAnExtensionItDoesNotKnow() {
            CachedResponse response = everyField("/format/v2-extended");

            putAsWritten("format-v2-extended", out -> {
                writeResponse(out, 2, response);
                out.writeShort(2);
                out.writeShort(99);
                out.writeByteArray(new byte[] {1, 2, 3, 4, 5});
                out.writeShort(100);
                out.writeByteArray(new byte[0]);
            });

            assertSameResponse(entries().get("format-v2-extended"), response);
        }

        @Test
        void readsAnEntryOfAnUnknownVersionAsUnreadableWithItsLocation() {
            CacheLocation location = location("www.example.test", "/format/v7?page=2");

            putAsWritten("format-v7", futureFormat(location));

            StoredEntry read = entries().get("format-v7");
            assertThat(read).isInstanceOf(UnreadableEntry.class);
            assertThat(((UnreadableEntry) read).format()).isEqualTo(7);
            assertThat(read.location()).isEqualTo(location);
            assertThat(read.getTags()).isEmpty();
        }

        @Test
        void readsAnUnknownKindOfEntryAsUnreadable() {
            CacheLocation location = location("www.example.test", "/format/kind");

            putAsWritten("format-kind", out -> {
                writeHead(out, 2, location);
                out.writeByte(9);
                out.writeLong(0);
            });

            assertThat(entries().get("format-kind")).isInstanceOf(UnreadableEntry.class)
                    .extracting(StoredEntry::location).isEqualTo(location);
        }

        /** A soft purge cannot mark it stale, so it removes it as a hard one does. */
        @ParameterizedTest(name = "soft: {0}")
        @ValueSource(booleans = {false, true})
        void aPurgeThroughTheMapsIndexesDeletesAnUnreadableEntry(boolean soft) {
            CacheLocation location = location("www.example.test", "/format/purged-by-index/" + soft);
            putAsWritten(location.primaryKey(), futureFormat(location));

            List<String> purged = node.node().store().purgeShared(
                    new PurgeScope(List.of(), List.of("/format/purged-by-index/"), List.of(), "www.example.test"), soft,
                    io.vertx.core.Future.succeededFuture(), node.node().vertx().getOrCreateContext())
                    .toCompletionStage().toCompletableFuture().join();

            assertThat(purged).as("only responses report their URL").isEmpty();
            assertThat(entries().containsKey(location.primaryKey())).isFalse();
        }

        /** How a node purges again what its writes in flight stored (TieredStore.applyPurge). */
        @ParameterizedTest(name = "soft: {0}")
        @ValueSource(booleans = {false, true})
        void aPurgeOfItsKeyDeletesAnUnreadableEntry(boolean soft) {
            CacheLocation location = location("www.example.test", "/format/purged-by-key/" + soft);
            putAsWritten(location.primaryKey(), futureFormat(location));

            String url = entries().submitToKey(location.primaryKey(),
                    new ApplyPurge(PurgeScope.url("www.example.test", location.pathQuery()), soft, 1_000))
                    .toCompletableFuture().join();

            assertThat(url).isNull();
            assertThat(entries().containsKey(location.primaryKey())).isFalse();
        }

        @Test
        void aPurgeThatDoesNotCoverAnUnreadableEntryKeepsIt() {
            CacheLocation location = location("www.example.test", "/format/not-purged");
            putAsWritten(location.primaryKey(), futureFormat(location));

            entries().submitToKey(location.primaryKey(), new ApplyPurge(PurgeScope.url("www.example.test", "/other"),
                    false, 1_000)).toCompletableFuture().join();

            assertThat(entries().get(location.primaryKey())).isInstanceOf(UnreadableEntry.class);
        }

        @Test
        void aRequestForAnUnreadableEntryIsAMissThatReplacesIt() {
            String path = "/format/requested";
            origin.on(path, Reply.ok().cacheControl("max-age=60").body("from the origin"));
            putAsWritten(node.key(path), futureFormat(location("127.0.0.1:" + node.port(), path)));
            assertThat(node.storedEntry(path)).isInstanceOf(UnreadableEntry.class);

            HttpResponse<String> response = get(node.url(path));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("from the origin");
            assertThat(cacheStatus(response)).isEqualTo("MISS");
            assertThat(origin.hits(path)).isEqualTo(1);
            assertThat(node.stored(path)).isNotNull();
            assertThat(cacheStatus(get(node.url(path)))).isEqualTo("HIT");
        }
    }
}
