package io.tiercache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.Vary;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The two-tier store: the per-node hot tier in front of the shared Hazelcast map.
 *
 * <p>Every response read from or written to the shared map is checked against the {@link PurgeLog},
 * and the hot tier only admits what passes, under the same lock that records a purge and drops its
 * hot copies. Together with {@link #applyPurge} settling the writes in flight, this is what makes
 * invariant 2 hold on this node.
 */
public final class TieredStore {

    /**
     * Settings of the store, from the cache config.
     *
     * @param keepStaleMillis how long past expiry an entry may still stand in for an unreachable origin
     */
    public record Settings(int maxVariants, long maxIdleMillis, long keepForRevalidationMillis, long keepStaleMillis) {
    }

    private final HotTier hot;
    private final SharedEntries shared;
    private final PurgeLog purges;
    private final Settings settings;
    private final Clock clock;
    private final Object admission = new Object();
    private final Set<PendingWrite> writesInFlight = ConcurrentHashMap.newKeySet();
    /** Orders local events: when a read started, when a key was last replaced elsewhere. */
    private final AtomicLong ticks = new AtomicLong();
    private final Cache<String, Long> replacedAt = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();
    private volatile Consumer<CachedResponse> onStored = stored -> {
    };

    private record PendingWrite(CachedResponse response, Future<Void> done) {
    }

    /** A read of one key of the shared map, and the tick at which it began. */
    private record SharedRead(long started, Future<StoredEntry> entry) {
    }

    /** Reads of primary keys in flight that requests may join ({@link #sharedJoiningReads}). */
    private final ConcurrentHashMap<String, SharedRead> reading = new ConcurrentHashMap<>();

    /** @param clock the node's one clock: freshness, ages and stored times all read it */
    public TieredStore(HotTier hot, SharedEntries shared, PurgeLog purges, Settings settings, Clock clock) {
        this.hot = hot;
        this.shared = shared;
        this.purges = purges;
        this.settings = settings;
        this.clock = clock;
    }

    public long now() {
        return clock.millis();
    }

    /**
     * The purge sequence a fetch starting now is dated with: a purge applied later that covers its
     * response makes that response obsolete, even if the fetch ends after the purge (invariant 2).
     */
    public long fetchEpoch() {
        return purges.appliedSequence();
    }

    /** Starts the purge log where the purge topic stands when this node joins: every earlier purge is in the map already. */
    public void startPurgeLogAt(long sequence) {
        purges.startAt(sequence);
    }

    /**
     * After a split-brain merge the purge topic is the other side's, whose sequences do not compare
     * with this log's: forget every purge, drop the hot tier, and start over.
     */
    public void restartPurgeLogAt(long sequence) {
        synchronized (admission) {
            purges.restartAt(sequence);
            hot.invalidateAll();
        }
    }

    /**
     * Applies a purge to the whole shared map (every member's entries) once {@code acknowledged}
     * completes, i.e. after every member applied it to its own node ({@link SharedPurge}). Returns
     * the URLs purged, one per stored variant.
     */
    public Future<List<String>> purgeShared(PurgeScope scope, boolean soft, Future<?> acknowledged, Context context) {
        return purgeShared(scope, soft, acknowledged, context, () -> {
        });
    }

    /** As above; {@code progress} runs each time a part of it (one partition's keys) is done. */
    public Future<List<String>> purgeShared(PurgeScope scope, boolean soft, Future<?> acknowledged, Context context,
                                            Runnable progress) {
        return SharedPurge.run(shared, scope, soft, acknowledged, this::now, context, progress).map(purged -> {
            List<String> urls = new ArrayList<>();
            for (String url : purged.values()) {
                if (url != null) {
                    urls.add(url);
                }
            }
            return urls;
        });
    }

    /**
     * Blocking: every stored variant of one URL as a request would find it now: a response that a
     * purge this node applied covers is left out (hard) or marked stale (soft), as lookups do.
     *
     * @param host host[:port] in lower case, or null for every host
     */
    public List<CachedResponse> storedVariants(String host, String pathQuery) {
        List<CachedResponse> variants = new ArrayList<>();
        long now = now();
        for (CachedResponse response : shared.responsesAt(host, pathQuery)) {
            switch (purges.verdict(response)) {
                case PURGED -> {
                }
                case SOFT_PURGED -> variants.add(response.softPurged() ? response : response.softPurged(now));
                case CURRENT -> variants.add(response);
            }
        }
        return variants;
    }

    /** Blocking: the entries in the shared map across the cluster. */
    public int sharedSize() {
        return shared.size();
    }

    /** Whether this node's hot tier holds a copy of the entry stored under this key. */
    public boolean hasHotCopy(String storageKey) {
        return hot.response(storageKey) != null;
    }

    public long hotEntries() {
        return hot.entries();
    }

    public long hotBytes() {
        return hot.weightedBytes();
    }

    public long hotEvictions() {
        return hot.evictions();
    }

    /** Told about every response this node stored, so other nodes can drop their copies of the key. */
    public void onStored(Consumer<CachedResponse> listener) {
        this.onStored = listener;
    }

    /**
     * Another node stored a new copy of this key: drop this node's copy, and refuse to keep any copy
     * whose shared-map read began before now (it may be the old one). A copy this node held is read
     * again at once and kept unless the key is replaced again meanwhile: a page hot here stays hot
     * after another node refreshed it, instead of its next burst of requests all missing the hot
     * tier. The notice comes after the new copy landed, so the read sees it (or a newer one).
     */
    public void replacedElsewhere(String storageKey) {
        long replaced;
        boolean held;
        synchronized (admission) {
            replaced = ticks.incrementAndGet();
            replacedAt.put(storageKey, replaced);
            held = hot.response(storageKey) != null;
            hot.invalidate(storageKey);
        }
        if (held) {
            shared.readDetached(storageKey, entry -> {
                if (entry instanceof CachedResponse) {
                    found(entry, false, replaced);
                }
            });
        }
    }

    /** The hot-tier copy for this request's variant, or null. Never blocks, never touches Hazelcast. */
    public PreparedResponse hot(CacheLocation location, HeaderFields request) {
        PreparedResponse prepared = hot.response(location.primaryKey());
        if (prepared == null) {
            VariantIndex index = hot.variants(location.primaryKey());
            if (index == null) {
                return null;
            }
            prepared = hot.response(location.storageKey(Vary.variantKey(index.varyFields(), request)));
            if (prepared == null) {
                // Another variant may serve it as well (RFC 9111 §4.1): worked out only on a miss.
                List<String> variantKeys = Vary.variantKeys(index.varyFields(), request);
                for (int i = 1; i < variantKeys.size() && prepared == null; i++) {
                    prepared = hot.response(location.storageKey(variantKeys.get(i)));
                }
            }
            if (prepared == null) {
                return null;
            }
        }
        if (prepared.claimSharedTouch(now(), settings.maxIdleMillis() / 2)) {
            shared.touch(prepared.response().storageKey());
        }
        return prepared;
    }

    /**
     * The hot-tier copy stored under the location's own key, when the URL's responses do not vary;
     * null otherwise. For the fast hit path, which knows no request fields to select a variant by.
     */
    public PreparedResponse hotUnvaried(CacheLocation location) {
        PreparedResponse prepared = hot.response(location.primaryKey());
        if (prepared != null && prepared.claimSharedTouch(now(), settings.maxIdleMillis() / 2)) {
            shared.touch(prepared.response().storageKey());
        }
        return prepared;
    }

    /** Looks the request up in the shared map, and keeps what it finds in the hot tier. */
    public Future<Lookup> shared(CacheLocation location, HeaderFields request, Context context) {
        return lookedUp(new SharedRead(ticks.get(), shared.get(location.primaryKey(), context)), location, request,
                context);
    }

    /**
     * {@link #shared}, joining a read of the same key that another request on this node has in
     * flight: a burst of requests for a key this node's hot tier lost (another node stored a newer
     * copy, or it was evicted) makes one read of the shared map, not one each. What the read
     * brings is judged for each request as its own (purges, Vary, its arrival time), and kept
     * in the hot tier only if nothing replaced the key since the read began.
     */
    public Future<Lookup> sharedJoiningReads(CacheLocation location, HeaderFields request, Context context) {
        String key = location.primaryKey();
        Promise<StoredEntry> read = Promise.promise();
        SharedRead created = new SharedRead(ticks.get(), read.future());
        SharedRead running = reading.putIfAbsent(key, created);
        if (running != null) {
            return lookedUp(new SharedRead(running.started(), ContextHop.onContext(running.entry(), context)), location,
                    request, context);
        }
        shared.get(key, context).onComplete(done -> {
            reading.remove(key, created);
            read.handle(done);
        });
        return lookedUp(created, location, request, context);
    }

    private Future<Lookup> lookedUp(SharedRead read, CacheLocation location, HeaderFields request, Context context) {
        long readStarted = read.started();
        return read.entry().compose(entry -> {
            if (entry instanceof VariantIndex index) {
                admit(index);
                // The request's own key is read as before; the others only where the index lists them.
                List<String> candidates = Vary.variantKeys(index.varyFields(), request);
                List<String> keys = new ArrayList<>(List.of(candidates.get(0)));
                candidates.stream().skip(1).filter(index.variantKeys()::contains).forEach(keys::add);
                return firstVariant(location, keys, 0, context, readStarted);
            }
            return Future.succeededFuture(found(entry, false, readStarted));
        });
    }

    /** The first of the variants that may serve the request (RFC 9111 §4.1) that is there to serve it. */
    private Future<Lookup> firstVariant(CacheLocation location, List<String> variantKeys, int next, Context context,
                                        long readStarted) {
        return shared.get(location.storageKey(variantKeys.get(next)), context).compose(variant -> {
            Lookup found = found(variant, true, readStarted);
            return found.isHit() || next + 1 == variantKeys.size() ? Future.succeededFuture(found)
                    : firstVariant(location, variantKeys, next + 1, context, readStarted);
        });
    }

    private Lookup found(StoredEntry entry, boolean varies, long readStarted) {
        if (!(entry instanceof CachedResponse response)) {
            return varies ? Lookup.VARY_MISS : Lookup.URI_MISS;
        }
        long now = now();
        return switch (purges.verdict(response)) {
            case PURGED -> varies ? Lookup.VARY_MISS : Lookup.URI_MISS;
            case SOFT_PURGED -> Lookup.found(admit(response.softPurged() ? response : response.softPurged(now), now,
                    readStarted));
            case CURRENT -> Lookup.found(admit(response, now, readStarted));
        };
    }

    /**
     * Slice {@code index} of a sliced object, from the hot tier or else the shared map (and then kept
     * in the hot tier); null when it is not stored or a purge covers it.
     */
    public Future<PreparedResponse> slice(CachedResponse head, int index, Context context) {
        String key = head.sliceKey(index);
        PreparedResponse prepared = hot.response(key);
        if (prepared != null) {
            if (prepared.claimSharedTouch(now(), settings.maxIdleMillis() / 2)) {
                shared.touch(key);
            }
            return Future.succeededFuture(prepared);
        }
        long readStarted = ticks.get();
        return shared.get(key, context).map(entry -> found(entry, false, readStarted).found());
    }

    /**
     * The origin's copy of a sliced object changed under it: its head goes (unless the new copy's
     * head replaced it already), and so do its slices, so that no request assembles old and new bytes
     * and the next one fetches the object anew.
     */
    public Future<Void> dropChanged(CachedResponse head, Context context) {
        SliceLayout slices = head.slices();
        synchronized (admission) {
            hot.invalidate(head.storageKey());
            for (int i = 0; i < slices.count(); i++) {
                hot.invalidate(head.sliceKey(i));
            }
        }
        List<Future<?>> dropped = new ArrayList<>();
        dropped.add(shared.dropChanged(head.storageKey(), new DropChangedObject(head), context));
        for (int i = 0; i < slices.count(); i++) {
            dropped.add(shared.delete(head.sliceKey(i), context));
        }
        return Future.join(dropped).mapEmpty();
    }

    /**
     * Keeps a copy in the hot tier unless a purge covers it or another node replaced the key since
     * {@code readStarted} (then the copy may be the old one; it is served this once, not kept).
     */
    private PreparedResponse admit(CachedResponse response, long now, long readStarted) {
        PreparedResponse held = hot.response(response.storageKey());
        if (held != null && held.response() == response) {
            // Another request that joined the same read kept it already.
            return held;
        }
        PreparedResponse prepared = hot.enabled()
                ? PreparedResponse.kept(response, now) : new PreparedResponse(response, now);
        synchronized (admission) {
            Long replaced = replacedAt.getIfPresent(response.storageKey());
            if (purges.verdict(response) != PurgeLog.Verdict.PURGED && (replaced == null || replaced <= readStarted)) {
                hot.put(prepared);
            }
        }
        return prepared;
    }

    private void admit(VariantIndex index) {
        synchronized (admission) {
            hot.put(index);
        }
    }

    /**
     * Stores a fetched response in the shared map and the hot tier. A response that a purge
     * covered while it was being fetched is stored stale (soft purge) or not at all (hard purge).
     *
     * @param varyFields the response's Vary field names; empty when it does not vary
     * @return the response as stored (marked stale if a soft purge covered it), or null if dropped
     */
    public Future<CachedResponse> store(CachedResponse fetched, List<String> varyFields, Context context) {
        long now = now();
        CachedResponse response = switch (purges.storeVerdict(fetched)) {
            case PURGED -> null;
            case SOFT_PURGED -> fetched.softPurged(now);
            case CURRENT -> fetched;
        };
        if (response == null) {
            return Future.succeededFuture(null);
        }
        Promise<Void> done = Promise.promise();
        PendingWrite pending = new PendingWrite(response, done.future());
        writesInFlight.add(pending);
        long ttl = response.retentionMillis(now, settings.keepForRevalidationMillis(), settings.keepStaleMillis());
        String storageKey = response.storageKey();
        Future<Void> written;
        if (varyFields.isEmpty()) {
            written = shared.put(storageKey, response, ttl, settings.maxIdleMillis(), context);
        } else {
            RecordVariant record = new RecordVariant(response.location(), varyFields, response.variantKey(),
                    settings.maxVariants(), now + ttl);
            written = shared.recordVariant(record, response.getPrimaryKey(), context)
                    .compose(dropped -> {
                        dropped.forEach(key -> {
                            hot.invalidate(key);
                            shared.delete(key, context);
                        });
                        hot.invalidate(response.getPrimaryKey());
                        return shared.put(storageKey, response, ttl, settings.maxIdleMillis(), context);
                    });
        }
        Future<Void> landed = indexed(written, response, varyFields.isEmpty() ? List.of(storageKey)
                : List.of(response.getPrimaryKey(), storageKey), now + ttl, context);
        long writeStarted = ticks.get();
        return landed.map(ignored -> {
            admit(response, now, writeStarted);
            onStored.accept(response);
            return response;
        }).onComplete(ignored -> {
            writesInFlight.remove(pending);
            done.complete();
        });
    }

    /**
     * Records the stored keys in the URL index while the entry is written, so that a purge by URL
     * finds it once the store is complete. An entry whose keys could not be recorded is deleted: a
     * purge by URL could not reach it.
     */
    private Future<Void> indexed(Future<Void> written, CachedResponse response, List<String> keys, long expiresAt,
                                 Context context) {
        Future<Void> recorded = shared.recordUrl(response.location(), keys, expiresAt, context);
        return Future.join(written, recorded).transform(both -> {
            if (recorded.failed() && written.succeeded()) {
                return shared.delete(response.storageKey(), context)
                        .transform(ignored -> Future.failedFuture(recorded.cause()));
            }
            return both.succeeded() ? Future.succeededFuture() : Future.failedFuture(both.cause());
        });
    }

    /**
     * Applies a purge on this node: records it, drops the hot copies it covers, waits for the
     * writes already in flight, and purges again what they wrote, since such a write may have
     * landed after the purge was applied to the map. When the returned future completes, this node
     * will not serve anything the purge covers as fresh.
     */
    public Future<Void> applyPurge(PurgeLog.Purge purge, Context context) {
        List<PendingWrite> covered = new ArrayList<>();
        synchronized (admission) {
            purges.record(purge);
            hot.invalidateIf(purge.scope()::matches);
            for (PendingWrite pending : writesInFlight) {
                if (purge.scope().matches(pending.response())) {
                    covered.add(pending);
                }
            }
        }
        if (covered.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<String>> settled = new ArrayList<>();
        for (PendingWrite pending : covered) {
            String key = pending.response().storageKey();
            // Only the written response's own URL of a purge's URLs: the processor goes to the key's owner and backup.
            PurgeScope scope = purge.scope().narrowedTo(List.of(pending.response().getPathQuery()));
            settled.add(pending.done().compose(ignored ->
                    shared.applyPurge(key, new ApplyPurge(scope, purge.soft(), now()), context)));
        }
        return Future.join(settled).transform(ignored -> {
            synchronized (admission) {
                hot.invalidateIf(purge.scope()::matches);
            }
            return Future.succeededFuture();
        });
    }

    /** Drops the whole hot tier: after a gap in the purge stream, no copy can be trusted. */
    public void forgetAll() {
        synchronized (admission) {
            hot.invalidateAll();
        }
    }
}
