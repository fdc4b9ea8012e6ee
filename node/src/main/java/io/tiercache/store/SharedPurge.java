package io.tiercache.store;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A purge of the shared map, by key. The keys it covers are collected at once, while the members
 * acknowledge: from the URL index for its URLs, by a query on the map's indexes for its prefixes
 * and tags (and for URLs stored under more keys than the index keeps). Once every member has
 * acknowledged (invariant 2 needs that order), those keys are purged on their owners and, at the
 * same time, collected again, so that what was stored in between is purged too. After the
 * acknowledgements this costs about one round trip, not a query that runs on every partition.
 */
final class SharedPurge {

    private SharedPurge() {
    }

    /** Purges once {@code acknowledged} completes. Results are URLs by storage key, null for non-responses. */
    static Future<Map<String, String>> run(SharedEntries shared, PurgeScope scope, boolean soft,
                                           Future<?> acknowledged, LongSupplier clock, Context context) {
        return run(shared, scope, soft, keys(shared, scope, context), acknowledged, clock, context);
    }

    /** As above, with the keys collected early given. */
    static Future<Map<String, String>> run(SharedEntries shared, PurgeScope scope, boolean soft, Future<Set<String>> early,
                                           Future<?> acknowledged, LongSupplier clock, Context context) {
        return acknowledged.compose(ignored -> {
            ApplyPurge purge = new ApplyPurge(scope, soft, clock.getAsLong());
            Future<Map<String, String>> first = early.compose(keys -> shared.purgeKeys(keys, purge, context));
            Future<Set<String>> again = keys(shared, scope, context);
            Future<Map<String, String>> second = Future.all(early, again).compose(both -> {
                Set<String> stored = new HashSet<>(again.result());
                stored.removeAll(early.result());
                return shared.purgeKeys(stored, purge, context);
            });
            return Future.all(first, second).map(both -> merged(first.result(), second.result()));
        });
    }

    /** The keys of every entry the scope may cover (a superset: {@link ApplyPurge} checks each). */
    static Future<Set<String>> keys(SharedEntries shared, PurgeScope scope, Context context) {
        Future<Map<String, UrlKeys>> recorded = scope.pathQueries().isEmpty() ? Future.succeededFuture(Map.of())
                : shared.readUrls(scope.pathQueries(), context);
        return recorded.compose(byUrl -> {
            Set<String> keys = new HashSet<>();
            List<String> overflowed = new ArrayList<>();
            byUrl.forEach((pathQuery, index) -> {
                if (index != null) {
                    keys.addAll(index.keys());
                    if (index.overflowed()) {
                        overflowed.add(pathQuery);
                    }
                }
            });
            PurgeScope queried = new PurgeScope(overflowed, scope.prefixes(), scope.tags(), scope.host());
            if (queried.isEmpty()) {
                return Future.succeededFuture(keys);
            }
            return context.executeBlocking(() -> shared.keysMatching(queried), false).map(matching -> {
                keys.addAll(matching);
                return keys;
            });
        });
    }

    /** Both purges' results, one per storage key (an entry both found is counted once). */
    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new HashMap<>(first);
        all.putAll(second);
        return all;
    }
}
