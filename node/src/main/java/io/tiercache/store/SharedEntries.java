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

/**
 * The shared cache map, seen through asynchronous calls that continue on the caller's Vert.x
 * context, with its URL index: a small map from each stored path and query to the keys stored under
 * it, so that a purge by URL is a few keyed operations on the owners of those keys. The purge
 * queries (prefixes, tags) are the only blocking calls; they run on worker threads.
 */
public final class SharedEntries {

    public static final String MAP_NAME = "tiercache-entries";
    public static final String URL_INDEX_MAP_NAME = "tiercache-urls";

    /** Attributes the map indexes, so that purges by URL, prefix and tag do not scan. */
    public static final String URL = "url";
    public static final String PATH_QUERY = "pathQuery";
    public static final String PATH = "path";
    public static final String HOST = "host";
    public static final String TAGS = "tags[any]";

    private final IMap<String, StoredEntry> map;
    private final IMap<String, UrlKeys> urls;

    public SharedEntries(IMap<String, StoredEntry> map, IMap<String, UrlKeys> urls) {
        this.map = map;
        this.urls = urls;
    }

    public Future<StoredEntry> get(String key, Context context) {
        return ContextHop.onContext(() -> map.getAsync(key), context);
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

    public Future<String> applyPurge(String key, ApplyPurge purge, Context context) {
        return ContextHop.onContext(() -> map.submitToKey(key, purge), context);
    }

    /**
     * Records in the URL index that {@code keys} hold entries of this location until {@code expiresAt},
     * so that a purge of its URL finds them. A store is complete only once this is done.
     */
    public Future<Void> recordUrl(CacheLocation location, List<String> keys, long expiresAt, Context context) {
        return ContextHop.onContext(() -> urls.submitToKey(location.pathQuery(),
                new RecordUrlKeys(keys, location.host(), expiresAt)), context);
    }

    /**
     * Purges the scope's URLs through the URL index: one keyed call takes the keys stored under
     * them from the index, one more applies the purge on the owners of those keys (every variant,
     * every host unless the scope names one). A URL with more keys than the index keeps is purged
     * by query instead, on a worker thread. Results are URLs by storage key, null for entries that
     * are not responses or no longer match.
     */
    public Future<Map<String, String>> purgeUrls(PurgeScope scope, boolean soft, long at, Context context) {
        if (scope.pathQueries().isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return ContextHop.onContext(() -> urls.submitToKeys(Set.copyOf(scope.pathQueries()),
                new TakeUrlKeys(scope.host(), soft)), context).compose(taken -> {
            Set<String> keys = new HashSet<>();
            List<String> overflowed = new ArrayList<>();
            taken.forEach((pathQuery, recorded) -> {
                if (recorded != null) {
                    keys.addAll(recorded.keys());
                    if (recorded.overflowed()) {
                        overflowed.add(pathQuery);
                    }
                }
            });
            ApplyPurge purge = new ApplyPurge(scope, soft, at);
            Future<Map<String, String>> keyed = keys.isEmpty() ? Future.succeededFuture(Map.of())
                    : ContextHop.onContext(() -> map.submitToKeys(keys, purge), context);
            if (overflowed.isEmpty()) {
                return keyed;
            }
            PurgeScope queried = new PurgeScope(overflowed, List.of(), List.of(), scope.host());
            Future<Map<String, String>> byQuery = context.executeBlocking(() -> purgeMatching(queried, soft, at), false);
            return Future.all(keyed, byQuery).map(both -> merged(keyed.result(), byQuery.result()));
        });
    }

    /**
     * Blocking: purges every entry in the cluster that the scope's prefixes and tags select, through
     * the map's indexes (a query over every partition). Results as for {@link #purgeUrls}.
     */
    public Map<String, String> purgeMatching(PurgeScope scope, boolean soft, long at) {
        if (scope.isEmpty()) {
            return Map.of();
        }
        return map.executeOnEntries(new ApplyPurge(scope, soft, at), predicate(scope));
    }

    /** Both purges' results, one per storage key (an entry both selected is counted once). */
    static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new HashMap<>(first);
        second.forEach((key, url) -> {
            if (url != null) {
                all.put(key, url);
            }
        });
        return all;
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
