package io.tiercache.store;

import com.hazelcast.map.IMap;
import io.tiercache.cluster.PurgeResult;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tiercache.store.Responses.location;
import static io.tiercache.store.Responses.storedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A purge by URL goes to the owners of its keys through the URL index (path and query to the keys
 * stored under it), not through a query over every partition; prefixes and tags still query.
 */
class UrlIndexTest {

    static TestOrigin origin;
    static List<TestNode> nodes;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        nodes = TestNode.cluster(2, origin, "");
        // While partitions migrate, queries skip the indexes and are not counted as indexed queries.
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
                .allMatch(node -> node.node().member().hazelcast().getPartitionService().isClusterSafe()));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestNode::close);
        origin.close();
    }

    @Test
    @DisplayName("a purge by URL removes every host's entries and every variant by key, without a query")
    void urlPurgeGoesByKey() {
        CacheLocation first = location("one.example.test", "/by-key/page?x=1");
        CacheLocation second = location("two.example.test", "/by-key/page?x=1");
        store(nodes.get(0), first, "", List.of());
        store(nodes.get(1), second, "lang=en", List.of("accept-language"));
        store(nodes.get(1), second, "lang=fr", List.of("accept-language"));
        assertThat(urlIndex().get("/by-key/page?x=1").keys()).containsExactlyInAnyOrder(first.primaryKey(),
                second.primaryKey(), second.storageKey("lang=en"), second.storageKey("lang=fr"));
        long queriesBefore = indexQueries();

        PurgeResult result = purge(nodes.get(1), new PurgeScope(List.of("/by-key/page?x=1"), List.of(), List.of(), null), false);

        assertThat(result.urls()).containsExactlyInAnyOrder(first.url(), second.url(), second.url());
        assertThat(entries().getAll(java.util.Set.of(first.primaryKey(), second.primaryKey(),
                second.storageKey("lang=en"), second.storageKey("lang=fr")))).isEmpty();
        assertThat(indexQueries()).as("no member ran a query on the map's indexes").isEqualTo(queriesBefore);
    }

    @Test
    @DisplayName("a purge by URL on one host leaves the other hosts' entries and their keys in the index")
    void hostPurgeLeavesOtherHosts() {
        CacheLocation first = location("one.example.test", "/by-host/page");
        CacheLocation second = location("two.example.test", "/by-host/page");
        store(nodes.get(0), first, "", List.of());
        store(nodes.get(0), second, "", List.of());

        PurgeResult result = purge(nodes.get(0), PurgeScope.url("one.example.test", "/by-host/page"), false);

        assertThat(result.urls()).containsExactly(first.url());
        assertThat(entries().containsKey(first.primaryKey())).isFalse();
        assertThat(entries().containsKey(second.primaryKey())).isTrue();
        assertThat(purge(nodes.get(1), PurgeScope.url(null, "/by-host/page"), false).urls()).containsExactly(second.url());
    }

    @Test
    @DisplayName("a soft purge by URL leaves the entries stale, and a later hard purge still finds them")
    void softPurgeKeepsTheKeys() {
        CacheLocation page = location("one.example.test", "/by-key/soft");
        store(nodes.get(0), page, "", List.of());

        purge(nodes.get(0), PurgeScope.url(null, "/by-key/soft"), true);
        assertThat(((CachedResponse) entries().get(page.primaryKey())).softPurged()).isTrue();
        PurgeResult hard = purge(nodes.get(1), PurgeScope.url(null, "/by-key/soft"), false);

        assertThat(hard.urls()).containsExactly(page.url());
        assertThat(entries().containsKey(page.primaryKey())).isFalse();
    }

    @Test
    @DisplayName("a URL stored under more keys than the index keeps is still purged everywhere, by query")
    void overflowingUrlIsPurgedByQuery() {
        int hosts = UrlKeys.MAX_KEYS + 8;
        List<Future<CachedResponse>> stores = new ArrayList<>();
        TieredStore store = nodes.get(0).node().store();
        Context context = nodes.get(0).node().vertx().getOrCreateContext();
        for (int i = 0; i < hosts; i++) {
            stores.add(store.store(storedAt(location("h" + i + ".example.test", "/many/hosts"), "", store.now(),
                    store.fetchEpoch()), List.of(), context));
        }
        join(Future.all(stores));
        assertThat(urlIndex().get("/many/hosts").overflowed()).isTrue();

        PurgeResult result = purge(nodes.get(1), PurgeScope.url(null, "/many/hosts"), false);

        assertThat(result.urls()).hasSize(hosts);
        assertThat(entries().values(com.hazelcast.query.Predicates.equal(SharedEntries.PATH_QUERY, "/many/hosts"))).isEmpty();
    }

    @Test
    @DisplayName("a purge of 3,000 URLs sends each partition only the URLs of its own keys, and purges every one")
    void largeUrlPurgeSendsEachPartitionItsPart() {
        // One Hazelcast call over many partitions gives every partition's operation and backup all its keys and the
        // processor with every URL: a 10,000-URL purge outlasted the ack timeout. One call per partition, each its part.
        int count = 3_000;
        TieredStore store = nodes.get(0).node().store();
        Context context = nodes.get(0).node().vertx().getOrCreateContext();
        List<Future<CachedResponse>> stores = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CacheLocation page = location("one.example.test", "/large/page-" + i);
            urls.add(page.pathQuery());
            stores.add(store.store(storedAt(page, "", store.now(), store.fetchEpoch()), List.of(), context));
        }
        join(Future.all(stores));
        PurgeScope scope = new PurgeScope(urls, List.of("/prefix-kept/"), List.of("tag-kept"), null);
        SharedEntries shared = new SharedEntries(entries(), urlIndex(), nodes.get(0).node().member()::partitionOf);

        List<SharedPurge.Group> groups = join(SharedPurge.keys(shared, scope, context))
                .byPartition(scope, nodes.get(0).node().member()::partitionOf);

        int partitions = nodes.get(0).node().member().hazelcast().getPartitionService().getPartitions().size();
        assertThat(groups).hasSizeGreaterThan(partitions / 2);
        assertThat(groups.stream().mapToInt(group -> group.scope.pathQueries().size()).sum())
                .as("every URL goes to one partition, not to all of them").isEqualTo(count);
        for (SharedPurge.Group group : groups) {
            assertThat(group.keys).allMatch(key -> nodes.get(0).node().member().partitionOf(key)
                    == nodes.get(0).node().member().partitionOf(group.keys.iterator().next()));
            assertThat(group.scope.pathQueries()).hasSameSizeAs(group.keys);
            assertThat(group.scope.prefixes()).containsExactly("/prefix-kept/");
            assertThat(group.scope.tags()).containsExactly("tag-kept");
        }

        PurgeResult result = purge(nodes.get(1), new PurgeScope(urls, List.of(), List.of(), null), false);

        assertThat(result.urls()).hasSize(count);
        assertThat(entries().getAll(new java.util.HashSet<>(urls.stream()
                .map(url -> location("one.example.test", url).primaryKey()).toList()))).isEmpty();
    }

    @ParameterizedTest(name = "by {0}")
    @ValueSource(strings = {"url", "tag"})
    @DisplayName("an entry stored after the purge collected its keys, before the acknowledgements, is purged too")
    void entryStoredWhileAcksAreAwaitedIsPurged(String kind) {
        CacheLocation before = location("one.example.test", "/late/" + kind);
        CacheLocation during = location("two.example.test", "/late/" + kind);
        store(nodes.get(0), before, "late-" + kind);
        Context context = nodes.get(0).node().vertx().getOrCreateContext();
        SharedEntries shared = new SharedEntries(entries(), urlIndex(), nodes.get(0).node().member()::partitionOf);
        PurgeScope scope = kind.equals("url") ? PurgeScope.url(null, "/late/" + kind)
                : new PurgeScope(List.of(), List.of(), List.of("late-" + kind), null);
        Future<SharedPurge.Selection> early = SharedPurge.keys(shared, scope, context);
        assertThat(join(early).keys()).containsExactly(before.primaryKey());
        store(nodes.get(1), during, "late-" + kind);

        java.util.Map<String, String> purged = join(SharedPurge.run(shared, scope, false, early,
                Future.succeededFuture(), () -> 1_000, context, () -> {
                }));

        assertThat(purged).containsOnlyKeys(before.primaryKey(), during.primaryKey());
        assertThat(entries().containsKey(during.primaryKey())).isFalse();
    }

    private static void store(TestNode node, CacheLocation location, String tag) {
        TieredStore store = node.node().store();
        join(store.store(storedAt(location, "", store.now(), store.fetchEpoch(), tag), List.of(),
                node.node().vertx().getOrCreateContext()));
    }

    private static void store(TestNode node, CacheLocation location, String variantKey, List<String> varyFields) {
        TieredStore store = node.node().store();
        join(store.store(storedAt(location, variantKey, store.now(), store.fetchEpoch()), varyFields,
                node.node().vertx().getOrCreateContext()));
    }

    private static PurgeResult purge(TestNode node, PurgeScope scope, boolean soft) {
        PurgeResult result = join(node.node().purgeBus().purge(scope, soft));
        assertThat(result.complete()).isTrue();
        return result;
    }

    private static IMap<String, StoredEntry> entries() {
        return nodes.get(0).node().member().entries();
    }

    private static IMap<String, UrlKeys> urlIndex() {
        return nodes.get(0).node().member().urlIndex();
    }

    /** Queries that the map's indexes answered, on every member. */
    private static long indexQueries() {
        return nodes.stream().mapToLong(node -> node.node().member().entries().getLocalMapStats().getIndexedQueryCount()).sum();
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
