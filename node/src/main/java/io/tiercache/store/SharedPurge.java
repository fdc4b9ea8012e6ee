package io.tiercache.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * A purge of the shared map, by key. The keys it covers are collected at once, while the members
 * acknowledge: from the URL index for its URLs, by a query on the map's indexes for its prefixes
 * and tags (and for URLs stored under more keys than the index keeps). Once every member has
 * acknowledged (invariant 2 needs that order), those keys are purged on their owners and, at the
 * same time, collected again, so that what was stored in between is purged too. After the
 * acknowledgements this costs about one round trip, not a query that runs on every partition.
 *
 * <p>The keys are purged with one call per partition, each carrying that partition's keys and an
 * entry processor with only the URLs whose index entries named them. Hazelcast's multi-key call
 * gives every partition's operation all of the call's keys (each operation hashes every key to find
 * its own) and every partition's backup its own copy of the keys and the processor: one call for
 * 100,000 keys cost 271 × 100,000 hashes and backups of 271 × 100,000 keys on each member, and took
 * three times the acknowledgement timeout with the heap near full.
 */
final class SharedPurge {

    private SharedPurge() {
    }

    /**
     * The keys a purge selected, each with the URLs (paths and queries) whose URL index entries named
     * it; keys that the query found have none. {@code overflowed} are the URLs that had to be queried.
     */
    record Selection(Map<String, Set<String>> urlsByKey, List<String> overflowed) {

        Set<String> keys() {
            return urlsByKey.keySet();
        }

        /** What this selection holds that {@code earlier} did not: new keys, and keys named by new URLs. */
        Selection without(Selection earlier) {
            Map<String, Set<String>> newer = new HashMap<>();
            urlsByKey.forEach((key, urls) -> {
                Set<String> before = earlier.urlsByKey.get(key);
                if (before == null || !before.containsAll(urls)) {
                    newer.put(key, urls);
                }
            });
            return new Selection(newer, overflowed);
        }

        /**
         * The selected keys grouped by partition, each group with the part of the scope that can
         * cover its entries: the URLs that named its keys (and the queried ones), every prefix and tag.
         */
        List<Group> byPartition(PurgeScope scope, ToIntFunction<String> partitionOf) {
            Map<Integer, Group> groups = new HashMap<>();
            urlsByKey.forEach((key, urls) -> {
                Group group = groups.computeIfAbsent(partitionOf.applyAsInt(key), ignored -> new Group());
                group.keys.add(key);
                group.urls.addAll(urls);
            });
            List<Group> all = new ArrayList<>(groups.values());
            for (Group group : all) {
                group.urls.addAll(overflowed);
                group.scope = scope.narrowedTo(group.urls);
            }
            return all;
        }
    }

    /** One partition's keys and the scope its entry processor carries. */
    static final class Group {
        final Set<String> keys = new HashSet<>();
        final Set<String> urls = new LinkedHashSet<>();
        PurgeScope scope;
    }

    /** Purges once {@code acknowledged} completes. Results are URLs by storage key, null for non-responses. */
    static Future<Map<String, String>> run(SharedEntries shared, PurgeScope scope, boolean soft,
                                           Future<?> acknowledged, LongSupplier clock, Context context,
                                           Runnable progress) {
        return run(shared, scope, soft, keys(shared, scope, context), acknowledged, clock, context, progress);
    }

    /** As above, with the keys collected early given. */
    static Future<Map<String, String>> run(SharedEntries shared, PurgeScope scope, boolean soft, Future<Selection> early,
                                           Future<?> acknowledged, LongSupplier clock, Context context,
                                           Runnable progress) {
        return acknowledged.compose(ignored -> {
            long at = clock.getAsLong();
            Future<Map<String, String>> first = early.compose(selected ->
                    purge(shared, scope, selected, soft, at, context, progress));
            Future<Selection> again = keys(shared, scope, context);
            Future<Map<String, String>> second = Future.all(early, again).compose(both ->
                    purge(shared, scope, again.result().without(early.result()), soft, at, context, progress));
            return Future.all(first, second).map(both -> merged(first.result(), second.result()));
        });
    }

    /** Up to this many keys are split by partition on whatever thread released the purge; more, on the context. */
    static final int SPLIT_IN_PLACE = 256;

    /**
     * Applies the purge to the selected keys, one call per partition with that partition's part of the
     * scope. A small purge starts at once on the thread that took the last acknowledgement (a Hazelcast
     * event thread); a large one hops to the context first, so as not to hold that thread.
     */
    private static Future<Map<String, String>> purge(SharedEntries shared, PurgeScope scope, Selection selected,
                                                     boolean soft, long at, Context context, Runnable progress) {
        if (selected.keys().size() > SPLIT_IN_PLACE && Vertx.currentContext() != context) {
            Promise<Map<String, String>> later = Promise.promise();
            context.runOnContext(ignored -> purge(shared, scope, selected, soft, at, context, progress).onComplete(later));
            return later.future();
        }
        List<Group> groups = selected.byPartition(scope, shared::partitionOf);
        return new Window(groups, group -> shared.purgeKeys(group.keys, new ApplyPurge(group.scope, soft, at), context)
                .andThen(done -> progress.run())).run();
    }

    /**
     * Partition calls a purge keeps in flight at once. Sent all at once, the 271 calls of a purge over
     * 100,000 entries queued on the members' partition threads, and every other shared-map read or
     * write on those threads waited behind the whole purge (up to 2.8 s measured); now behind a few.
     */
    static final int IN_FLIGHT = 8;

    /** Runs the groups' calls at most {@link #IN_FLIGHT} at a time; their results merged, or the first failure. */
    private static final class Window {
        private final List<Group> groups;
        private final java.util.function.Function<Group, Future<Map<String, String>>> call;
        private final Promise<Map<String, String>> done = Promise.promise();
        private final Map<String, String> purged = new HashMap<>();
        private int next;
        private int running;

        Window(List<Group> groups, java.util.function.Function<Group, Future<Map<String, String>>> call) {
            this.groups = groups;
            this.call = call;
        }

        Future<Map<String, String>> run() {
            startMore();
            return done.future();
        }

        private void startMore() {
            List<Group> starting = new ArrayList<>();
            synchronized (this) {
                if (groups.size() == next && running == 0) {
                    done.tryComplete(purged);
                    return;
                }
                while (running < IN_FLIGHT && next < groups.size() && !done.future().isComplete()) {
                    starting.add(groups.get(next++));
                    running++;
                }
            }
            for (Group group : starting) {
                call.apply(group).onComplete(result -> {
                    synchronized (this) {
                        running--;
                        if (result.succeeded()) {
                            purged.putAll(result.result());
                        }
                    }
                    if (result.failed()) {
                        done.tryFail(result.cause());
                    } else {
                        startMore();
                    }
                });
            }
        }
    }

    /** The keys of every entry the scope may cover (a superset: {@link ApplyPurge} checks each). */
    static Future<Selection> keys(SharedEntries shared, PurgeScope scope, Context context) {
        Future<Map<String, UrlKeys>> recorded = scope.pathQueries().isEmpty() ? Future.succeededFuture(Map.of())
                : shared.readUrls(scope.pathQueries(), context);
        return recorded.compose(byUrl -> {
            Map<String, Set<String>> urlsByKey = new HashMap<>();
            List<String> overflowed = new ArrayList<>();
            byUrl.forEach((pathQuery, index) -> {
                if (index != null) {
                    for (String key : index.keys()) {
                        urlsByKey.computeIfAbsent(key, ignored -> new HashSet<>(2)).add(pathQuery);
                    }
                    if (index.overflowed()) {
                        overflowed.add(pathQuery);
                    }
                }
            });
            PurgeScope queried = new PurgeScope(overflowed, scope.prefixes(), scope.tags(), scope.host());
            if (queried.isEmpty()) {
                return Future.succeededFuture(new Selection(urlsByKey, overflowed));
            }
            return context.executeBlocking(() -> shared.keysMatching(queried), false).map(matching -> {
                // A tag can select 100,000 keys: they share one empty set of URLs.
                for (String key : matching) {
                    urlsByKey.putIfAbsent(key, Set.of());
                }
                return new Selection(urlsByKey, overflowed);
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
