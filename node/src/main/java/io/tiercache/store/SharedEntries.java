package io.tiercache.store;

import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The shared cache map, seen through asynchronous calls that continue on the caller's Vert.x
 * context, with its URL index: a small map from each stored path and query to the keys stored under
 * it, so that a purge by URL finds its keys without a query. The queries that purges by prefix and
 * tag run are the only blocking calls; they run on worker threads.
 */
public final class SharedEntries {

    public static final String MAP_NAME = "tiercache-entries";
    public static final String URL_INDEX_MAP_NAME = "tiercache-urls";

    /**
     * Attributes the map indexes, so that purges by path and query, prefix and tag do not scan (a
     * URL purge reads its keys from the URL map).
     */
    public static final String PATH_QUERY = "pathQuery";
    public static final String PATH = "path";
    public static final String HOST = "host";
    public static final String TAGS = "tags[any]";

    private final IMap<String, StoredEntry> map;
    private final IMap<String, UrlKeys> urls;
    private final ToIntFunction<String> partitionOf;

    /** @param partitionOf the partition that owns a key of the map ({@code PartitionService}) */
    public SharedEntries(IMap<String, StoredEntry> map, IMap<String, UrlKeys> urls, ToIntFunction<String> partitionOf) {
        this.map = map;
        this.urls = urls;
        this.partitionOf = partitionOf;
    }

    /** The partition that owns this key: a purge sends each partition only its part. */
    int partitionOf(String key) {
        return partitionOf.applyAsInt(key);
    }

    public Future<StoredEntry> get(String key, Context context) {
        return ContextHop.onContext(() -> map.getAsync(key), context);
    }

    /**
     * A read for no request, best effort: {@code then} runs on Hazelcast's async threads (never on
     * a partition thread or an event loop) with what was found, and not at all if the read fails.
     */
    public void readDetached(String key, Consumer<StoredEntry> then) {
        try {
            map.getAsync(key).thenAcceptAsync(then);
        } catch (RuntimeException memberShuttingDown) {
            // nothing to keep then
        }
    }

    /**
     * A read that only refreshes the entry's idle clock (max-idle), for keys served from the hot
     * tier. Best effort: a member shutting down cannot, and the hit is served all the same.
     */
    public void touch(String key) {
        try {
            map.getAsync(key);
        } catch (RuntimeException memberShuttingDown) {
            // the entry's idle clock is not worth failing a hit for
        }
    }

    public Future<Void> put(String key, StoredEntry entry, long ttlMillis, long maxIdleMillis, Context context) {
        return ContextHop.onContext(() -> map.setAsync(key, entry, ttlMillis, TimeUnit.MILLISECONDS, maxIdleMillis,
                TimeUnit.MILLISECONDS), context);
    }

    public Future<List<String>> recordVariant(RecordVariant update, String primaryKey, Context context) {
        return ContextHop.onContext(() -> map.submitToKey(primaryKey, update), context);
    }

    public Future<Boolean> delete(String key, Context context) {
        return ContextHop.onContext(() -> map.deleteAsync(key), context);
    }

    public Future<Boolean> dropChanged(String key, DropChangedObject drop, Context context) {
        return ContextHop.onContext(() -> map.submitToKey(key, drop), context);
    }

    public Future<String> applyPurge(String key, ApplyPurge purge, Context context) {
        return ContextHop.onContext(() -> map.submitToKey(key, purge), context);
    }

    /**
     * Records in the URL index that {@code keys} hold entries of this location until {@code expiresAt},
     * so that a purge of its URL finds them. A store is complete only once this is done.
     */
    public Future<Void> recordUrl(CacheLocation location, List<String> keys, long expiresAt, Context context) {
        return ContextHop.onContext(() -> urls.submitToKey(location.pathQuery(), new RecordUrlKeys(keys, expiresAt)),
                context);
    }

    /**
     * The keys recorded under each of these URLs (path and query); a URL with none is absent or null.
     * One call per partition: Hazelcast hands every partition's operation all the keys of a call, and
     * each of them hashes every key to find its own, which for 10,000 URLs is 2.7 million hashes.
     */
    Future<Map<String, UrlKeys>> readUrls(List<String> pathQueries, Context context) {
        Map<Integer, Set<String>> byPartition = new HashMap<>();
        for (String pathQuery : pathQueries) {
            byPartition.computeIfAbsent(partitionOf(pathQuery), ignored -> new HashSet<>()).add(pathQuery);
        }
        List<Future<Map<String, UrlKeys>>> calls = new ArrayList<>(byPartition.size());
        for (Set<String> part : byPartition.values()) {
            calls.add(ContextHop.onContext(() -> urls.submitToKeys(part, new ReadUrlKeys()), context));
        }
        return Future.all(calls).map(all -> {
            Map<String, UrlKeys> read = new HashMap<>();
            for (Future<Map<String, UrlKeys>> call : calls) {
                read.putAll(call.result());
            }
            return read;
        });
    }

    /**
     * Blocking: the keys of every entry in the cluster that the scope selects, by a query on the
     * map's indexes (one query per member; they answer keys, not entries).
     */
    Set<String> keysMatching(PurgeScope scope) {
        return map.keySet(predicate(scope));
    }

    /**
     * Applies a purge to each of these entries on the member that owns it. Results are URLs by key.
     * Give it one partition's keys at a time: every partition's operation and its backup get all the
     * keys of a call (and the processor), so a call over many partitions costs partitions × keys.
     */
    Future<Map<String, String>> purgeKeys(Set<String> keys, ApplyPurge purge, Context context) {
        return keys.isEmpty() ? Future.succeededFuture(Map.of())
                : ContextHop.onContext(() -> map.submitToKeys(keys, purge), context);
    }

    /**
     * Blocking: every stored response of one path and query (each Vary variant), on one host or on
     * all, found through the indexes rather than a scan.
     */
    public List<CachedResponse> responsesAt(String host, String pathQuery) {
        Predicate<String, StoredEntry> at = Predicates.equal(PATH_QUERY, pathQuery);
        List<CachedResponse> responses = new ArrayList<>();
        for (StoredEntry entry : map.values(host == null ? at : Predicates.and(Predicates.equal(HOST, host), at))) {
            if (entry instanceof CachedResponse response) {
                responses.add(response);
            }
        }
        return responses;
    }

    /**
     * Blocking: what the owner knows of an entry (cost, last access, expiry) without its value,
     * or null when there is no such entry. Reading it does not count as an access.
     */
    public EntryView<String, StoredEntry> metadata(String key) {
        return StoredEntrySerializer.skippingValues(() -> map.getEntryView(key));
    }

    /** Blocking: drops an entry and its backup as an eviction (listeners see EVICTED, not REMOVED). */
    public boolean evict(String key) {
        return map.evict(key);
    }

    public int size() {
        return map.size();
    }

    /**
     * An index-backed predicate at least as wide as the scope; {@link ApplyPurge} checks the exact
     * scope on each selected entry.
     */
    static Predicate<String, StoredEntry> predicate(PurgeScope scope) {
        List<Predicate<String, StoredEntry>> any = new ArrayList<>();
        if (!scope.pathQueries().isEmpty()) {
            any.add(Predicates.in(PATH_QUERY, scope.pathQueries().toArray(new String[0])));
        }
        for (String prefix : scope.prefixes()) {
            any.add(Predicates.between(PATH, prefix, prefix + Character.MAX_VALUE));
        }
        if (!scope.tags().isEmpty()) {
            any.add(Predicates.in(TAGS, scope.tags().toArray(new String[0])));
        }
        @SuppressWarnings("unchecked")
        Predicate<String, StoredEntry> either = any.size() == 1 ? any.get(0) : Predicates.or(any.toArray(new Predicate[0]));
        return scope.host() == null ? either : Predicates.and(Predicates.equal(HOST, scope.host()), either);
    }
}
