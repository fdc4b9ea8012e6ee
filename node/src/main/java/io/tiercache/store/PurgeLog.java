package io.tiercache.store;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The purges this node has applied, by cluster-wide sequence. It answers one question for every
 * entry read from or written to the shared map: did a purge that came after this entry's fetch
 * began cover it? That is what keeps a fetch that straddles a purge from being served as fresh.
 *
 * <p>Old purges are forgotten after {@link #RETENTION} records: by then they were applied to the
 * map and every node's in-flight writes were settled, so no entry they cover can still appear.
 */
public final class PurgeLog {

    public enum Verdict { CURRENT, SOFT_PURGED, PURGED }

    /** One applied purge. */
    public record Purge(long sequence, PurgeScope scope, boolean soft) {
    }

    static final int RETENTION = 10_000;

    private final Deque<Purge> recent = new ArrayDeque<>();
    private volatile Purge[] snapshot = new Purge[0];
    private volatile long appliedSequence = -1;
    /** The newest purge let go of for retention; -1 while none was. */
    private volatile long forgottenThrough = -1;

    /** The sequence of the last purge applied here; a fetch starting now records it. */
    public long appliedSequence() {
        return appliedSequence;
    }

    public synchronized void record(Purge purge) {
        recent.addLast(purge);
        while (recent.size() > RETENTION) {
            forgottenThrough = Math.max(forgottenThrough, recent.removeFirst().sequence());
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
        snapshot = new Purge[0];
        appliedSequence = sequence;
        forgottenThrough = -1;
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
