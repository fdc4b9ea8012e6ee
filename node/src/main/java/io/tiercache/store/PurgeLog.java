package io.tiercache.store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The purges this node has applied, by cluster-wide sequence. It answers one question for every
 * entry read from or written to the shared map: did a purge that came after this entry's fetch
 * began cover it? That is what keeps a fetch that straddles a purge from being served as fresh.
 *
 * <p>Old purges are forgotten after {@link #RETENTION} records: by then they were applied to the
 * map and every node's in-flight writes were settled, so no entry they cover can still appear.
 * Purges are also forgotten, oldest first, while the URLs, prefixes and tags of those retained add up
 * to more than {@link #RETAINED_ITEMS}, but only once they are {@link #SETTLED_AFTER_NANOS} old (their
 * answer waits at most a minute for the map): one purge of 10,000 URLs holds about 1.3 MB here, and
 * ten thousand of them would not fit any heap.
 */
public final class PurgeLog {

    public enum Verdict { CURRENT, SOFT_PURGED, PURGED }

    /** One applied purge. */
    public record Purge(long sequence, PurgeScope scope, boolean soft) {
    }

    static final int RETENTION = 10_000;
    /** URLs, prefixes and tags the retained purges may add up to before old ones are let go of early. */
    static final long RETAINED_ITEMS = 200_000;
    /** How old a purge must be before the item bound may let go of it. */
    static final long SETTLED_AFTER_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    private final Deque<Purge> recent = new ArrayDeque<>();
    private final Deque<Long> recordedAt = new ArrayDeque<>();
    private final LongSupplier nanoClock;
    private long retainedItems;
    private volatile Purge[] snapshot = new Purge[0];
    private volatile long appliedSequence = -1;
    /** The newest purge let go of for retention; -1 while none was. */
    private volatile long forgottenThrough = -1;

    /** The sequence of the last purge applied here; a fetch starting now records it. */
    public long appliedSequence() {
        return appliedSequence;
    }

    public PurgeLog() {
        this(System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()}, or a test's clock */
    public PurgeLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public synchronized void record(Purge purge) {
        long now = nanoClock.getAsLong();
        recent.addLast(purge);
        recordedAt.addLast(now);
        retainedItems += items(purge);
        while (recent.size() > RETENTION || (retainedItems > RETAINED_ITEMS && recent.size() > 1
                && now - recordedAt.peekFirst() >= SETTLED_AFTER_NANOS)) {
            Purge forgotten = recent.removeFirst();
            recordedAt.removeFirst();
            retainedItems -= items(forgotten);
            forgottenThrough = Math.max(forgottenThrough, forgotten.sequence());
        }
        snapshot = recent.toArray(new Purge[0]);
        appliedSequence = Math.max(appliedSequence, purge.sequence());
    }

    /**
     * Starts the log at a sequence without purges before it, e.g. where the purge topic stood when
     * this node joined: everything before was applied to the map already.
     */
    public synchronized void startAt(long sequence) {
        appliedSequence = Math.max(appliedSequence, sequence);
    }

    /**
     * Forgets every purge and starts over at {@code sequence}: after a split-brain merge the purge
     * topic is the other side's, with sequences that do not compare with this log's.
     */
    public synchronized void restartAt(long sequence) {
        recent.clear();
        recordedAt.clear();
        retainedItems = 0;
        snapshot = new Purge[0];
        appliedSequence = sequence;
        forgottenThrough = -1;
    }

    private static long items(Purge purge) {
        PurgeScope scope = purge.scope();
        return scope.pathQueries().size() + scope.prefixes().size() + scope.tags().size();
    }

    /** The purges retained now. */
    synchronized int retained() {
        return recent.size();
    }

    /**
     * The verdict for a response about to be stored. A fetch that began before purges this log has
     * let go of (more than {@link #RETENTION} purges ago) may have been covered by one of them, which
     * can no longer be told: it is not stored. Entries already in the map need no such care (every
     * purge reached the map, and writes in flight were purged again), so reads use {@link #verdict}.
     */
    public Verdict storeVerdict(CachedResponse response) {
        return response.purgeEpoch() < forgottenThrough ? Verdict.PURGED : verdict(response);
    }

    public Verdict verdict(CachedResponse response) {
        long epoch = response.purgeEpoch();
        if (epoch >= appliedSequence) {
            return Verdict.CURRENT;
        }
        Verdict verdict = Verdict.CURRENT;
        Purge[] purges = snapshot;
        for (int i = purges.length - 1; i >= 0; i--) {
            Purge purge = purges[i];
            if (purge.sequence() <= epoch) {
                break;
            }
            if (purge.scope().matches(response)) {
                if (!purge.soft()) {
                    return Verdict.PURGED;
                }
                verdict = Verdict.SOFT_PURGED;
            }
        }
        return verdict;
    }
}
