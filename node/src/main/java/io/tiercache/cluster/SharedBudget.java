package io.tiercache.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import io.tiercache.config.CacheConfig;
import io.tiercache.store.SharedEntries;
import io.tiercache.store.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds this member's part of the shared map to {@code cache.shared-size}. Hazelcast's own
 * eviction cannot: it checks the limit on each put and then evicts one sampled entry from the
 * partition being written, so a store of a large object that evicts one small neighbour leaves
 * the member larger than before, without bound.
 *
 * <p>The keeper reads the bytes this member owns from Hazelcast's per-partition accounting (exact
 * for binary values, to which it adds each entry's share of the indexes: {@link #heldBytes}) right
 * after stores land here, and while they are above the high watermark it
 * evicts the least recently used of randomly sampled owned entries, as Redis does, until they are
 * below the low watermark; past the budget itself, it evicts the largest sampled entries first. The high watermark leaves room for one more object of
 * {@code max-object-size}, so a store never takes the member past its budget unless several land
 * together. It runs on its own thread, never on an event loop, and a hit never reaches it.
 */
public final class SharedBudget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBudget.class);

    /**
     * Heap an owned entry takes beyond what Hazelcast's per-entry cost counts (its key and value
     * bytes and its record): its share of the map's indexes (path and query, host, tags, path) and
     * of the URL map that names it. Measured with {@code benchmarks/entry-memory}: 1 KiB entries
     * cost Hazelcast's accounting 1,687 bytes each and grew the live heap by 2,885, so small
     * objects would otherwise take 1.7 times the shared-size they are held to.
     */
    public static final long ENTRY_OVERHEAD_BYTES = 1_200;

    /** The bytes the entries this member owns take, as the budget counts them: Hazelcast's cost plus the overhead. */
    public static long heldBytes(LocalMapStats stats) {
        return stats.getOwnedEntryMemoryCost() + stats.getOwnedEntryCount() * ENTRY_OVERHEAD_BYTES;
    }

    /** Fresh keys sampled per eviction (Redis' maxmemory-samples); the pool keeps the best candidates seen so far. */
    static final int SAMPLES_PER_EVICTION = 5;
    static final int POOL_SIZE = 16;
    /** Past the budget, a wider search for large entries: reading a sample costs less than evicting a small one. */
    static final int SAMPLES_WHEN_BEHIND = 20;
    /** Stores that land within this delay of each other are checked together. */
    static final long WAKE_DELAY_MILLIS = 5;
    static final long PERIOD_MILLIS = 1000;
    /** Evictions between two reads of the owned bytes within a round (a read costs about as much as one). */
    static final int STATS_EVERY = 8;

    private final HazelcastInstance hazelcast;
    private final IMap<String, StoredEntry> map;
    private final SharedEntries entries;
    private final long budget;
    private final long highWatermark;
    private final long lowWatermark;
    private final OwnedKeys keys = new OwnedKeys();
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "tiercache-shared-budget");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final AtomicBoolean rebuildNeeded = new AtomicBoolean(true);
    /** Eviction candidates of the current round, best first; touched by the keeper thread only. */
    private final List<Candidate> pool = new ArrayList<>();
    private final AtomicLong evictions = new AtomicLong();
    private UUID entryListener;
    private UUID migrationListener;

    private record Candidate(String key, long lastAccessTime, long cost) {
    }

    /** Least recently used first; access times are whole seconds, and among equals the largest frees the most. */
    private static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparingLong(Candidate::lastAccessTime)
            .thenComparing(Candidate::cost, Comparator.reverseOrder());
    /**
     * Largest first, once the member is past its budget: stores landed faster than LRU eviction
     * freed room (big objects after many small ones, say), and evicting the fewest entries brings
     * the bound back soonest, since each eviction costs the keeper a round trip.
     */
    private static final Comparator<Candidate> LARGEST_FIRST = Comparator.comparingLong(Candidate::cost).reversed()
            .thenComparingLong(Candidate::lastAccessTime);

    private SharedBudget(ClusterMember member, SharedEntries entries, CacheConfig cache) {
        this.hazelcast = member.hazelcast();
        this.map = member.entries();
        this.entries = entries;
        this.budget = cache.sharedBytes();
        this.highWatermark = cache.sharedBytes() - cache.maxObjectBytes();
        this.lowWatermark = highWatermark - cache.sharedBytes() / 10;
    }

    /** Starts keeping the budget. Blocking (registers listeners): call it off the event loop. */
    public static SharedBudget start(ClusterMember member, SharedEntries entries, CacheConfig cache) {
        SharedBudget budget = new SharedBudget(member, entries, cache);
        budget.entryListener = budget.map.addLocalEntryListener(budget.new OwnedEntryEvents(), Predicates.alwaysTrue(),
                false);
        budget.migrationListener = budget.hazelcast.getPartitionService().addMigrationListener(budget.new Migrations());
        budget.keeper.scheduleWithFixedDelay(budget::check, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return budget;
    }

    /** Entries this keeper evicted. Hazelcast's map statistics count only its own evictions, not {@code IMap.evict}. */
    public long evictions() {
        return evictions.get();
    }

    private void wake() {
        if (checkPending.compareAndSet(false, true)) {
            try {
                keeper.schedule(this::check, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // the node is stopping; nothing is kept any more
            }
        }
    }

    private void check() {
        checkPending.set(false);
        try {
            LocalMapStats stats = map.getLocalMapStats();
            if (rebuildNeeded.getAndSet(false) || drifted(stats.getOwnedEntryCount())) {
                keys.replaceAll(map.localKeySet());
            }
            long owned = heldBytes(stats);
            if (owned > highWatermark) {
                evictFrom(owned);
            }
        } catch (HazelcastInstanceNotActiveException stopped) {
            // the member is gone; /health says so
        } catch (RuntimeException failure) {
            if (!keeper.isShutdown()) {
                LOG.warn("could not keep the shared map within cache.shared-size: {}", failure.toString());
            }
        }
    }

    /**
     * The index missed events (an overloaded event queue, backups promoted after a member died).
     * Events trail the stores by up to a burst's worth, so only a gap wider than that rebuilds it.
     */
    private boolean drifted(long ownedEntries) {
        return Math.abs(keys.size() - ownedEntries) > Math.max(1024, ownedEntries / 20);
    }

    private void evictFrom(long owned) {
        long estimate = owned;
        int sinceRead = 0;
        boolean rebuilt = false;
        try {
            while (estimate > lowWatermark && !keeper.isShutdown() && hazelcast.getLifecycleService().isRunning()) {
                boolean behind = estimate > budget;
                Candidate victim = behind ? nextVictim(SAMPLES_WHEN_BEHIND, LARGEST_FIRST)
                        : nextVictim(SAMPLES_PER_EVICTION, OLDEST_FIRST);
                if (victim == null) {
                    if (rebuilt) {
                        return;
                    }
                    keys.replaceAll(map.localKeySet());
                    rebuilt = true;
                    continue;
                }
                keys.remove(victim.key());
                if (entries.evict(victim.key())) {
                    evictions.incrementAndGet();
                    estimate -= victim.cost() + ENTRY_OVERHEAD_BYTES;
                }
                if (estimate <= lowWatermark || ++sinceRead == STATS_EVERY) {
                    // Stores land while a round runs, and costs read from samples can be stale.
                    estimate = heldBytes(map.getLocalMapStats());
                    sinceRead = 0;
                }
            }
        } finally {
            // Candidates' access times go stale once the round ends.
            pool.clear();
        }
    }

    /**
     * Adds fresh samples to the pool and takes its first candidate in {@code order}; null when
     * nothing owned could be sampled.
     */
    private Candidate nextVictim(int samples, Comparator<Candidate> order) {
        for (String key : keys.sample(samples)) {
            if (pool.stream().anyMatch(candidate -> candidate.key().equals(key))) {
                continue;
            }
            EntryView<String, StoredEntry> view = entries.metadata(key);
            if (view == null) {
                keys.remove(key);
            } else {
                pool.add(new Candidate(key, view.getLastAccessTime(), view.getCost()));
            }
        }
        pool.sort(order);
        while (pool.size() > POOL_SIZE) {
            pool.remove(pool.size() - 1);
        }
        return pool.isEmpty() ? null : pool.remove(0);
    }

    @Override
    public void close() {
        keeper.shutdownNow();
        try {
            map.removeEntryListener(entryListener);
            hazelcast.getPartitionService().removeMigrationListener(migrationListener);
        } catch (HazelcastInstanceNotActiveException stopped) {
            // the listeners went with the member
        }
    }

    /** Entries this member owns: added ones join the index and wake the keeper, removed ones leave it. */
    private final class OwnedEntryEvents implements EntryAddedListener<String, StoredEntry>,
            EntryUpdatedListener<String, StoredEntry>, EntryRemovedListener<String, StoredEntry>,
            EntryEvictedListener<String, StoredEntry>, EntryExpiredListener<String, StoredEntry>,
            MapClearedListener, MapEvictedListener {

        @Override
        public void entryAdded(EntryEvent<String, StoredEntry> event) {
            keys.add(event.getKey());
            wake();
        }

        @Override
        public void entryUpdated(EntryEvent<String, StoredEntry> event) {
            keys.add(event.getKey());
            wake();
        }

        @Override
        public void entryRemoved(EntryEvent<String, StoredEntry> event) {
            keys.remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, StoredEntry> event) {
            keys.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, StoredEntry> event) {
            keys.remove(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            rebuildNeeded.set(true);
        }

        @Override
        public void mapEvicted(MapEvent event) {
            rebuildNeeded.set(true);
        }
    }

    /** Partitions that move bring or take entries without per-entry events: the index is rebuilt. */
    private final class Migrations implements MigrationListener {

        @Override
        public void migrationStarted(MigrationState state) {
        }

        @Override
        public void migrationFinished(MigrationState state) {
            rebuildNeeded.set(true);
            wake();
        }

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        }
    }
}
