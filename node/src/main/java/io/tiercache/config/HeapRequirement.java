package io.tiercache.config;

import java.util.Optional;

/**
 * The heap a node needs for its cache settings. Checked at start, so that a budget the heap cannot
 * hold stops the node with one line instead of running it into {@code OutOfMemoryError} later.
 *
 * <p>A member holds the entries it owns (up to {@code shared-size}) and the backups of entries other
 * members own (about as much again, with one backup per entry), the hot tier, and working room:
 * Hazelcast and Vert.x themselves (about 20 MiB live when idle) and the fills in flight, each of which
 * holds a body while it arrives, as captured and serialized for the map and its backup.
 */
public final class HeapRequirement {

    static final long MIB = 1024 * 1024;
    static final long BASELINE = 128 * MIB;
    static final int OBJECTS_IN_FLIGHT = 4;

    private HeapRequirement() {
    }

    /** Heap for everything but the shared map itself. */
    static long workingRoom(CacheConfig cache) {
        return BASELINE + OBJECTS_IN_FLIGHT * cache.maxObjectBytes();
    }

    /** The shared-size a node takes when none is configured: 512m, or less where the heap cannot hold that. */
    static long defaultSharedBytes(long maxHeap, long hotTierBytes) {
        long preferred = 512 * MIB;
        long room = maxHeap - hotTierBytes - BASELINE;
        // shared-size s needs 2s for owned entries and backups, plus 4 objects of s/16 in flight.
        long fitting = room * 4 / 9 / MIB * MIB;
        return Math.max(16 * MIB, Math.min(preferred, fitting));
    }

    public static long bytes(CacheConfig cache) {
        return 2 * cache.sharedBytes() + cache.hotTierBytes() + workingRoom(cache);
    }

    /** Why the heap cannot hold these settings, in one line naming what to change; empty when it can. */
    public static Optional<String> problem(CacheConfig cache, long maxHeap) {
        long needed = bytes(cache);
        if (needed <= maxHeap) {
            return Optional.empty();
        }
        long fitting = (maxHeap - cache.hotTierBytes() - workingRoom(cache)) / 2 / MIB * MIB;
        String smaller = fitting >= MIB
                ? "set cache.shared-size to at most " + SizeValue.format(fitting)
                : "no cache.shared-size fits it";
        // Runtime.maxMemory() reports less than -Xmx under some collectors (a survivor space is left out).
        long suggestedHeap = roundUp(needed + needed / 8, 64 * MIB);
        return Optional.of("cache.shared-size " + SizeValue.format(cache.sharedBytes())
                + " does not fit this JVM's heap (max " + mebibytes(maxHeap) + "): the node needs about "
                + mebibytes(needed) + " (2 × shared-size for owned entries and their backups, hot-tier-size "
                + SizeValue.format(cache.hotTierBytes()) + ", " + mebibytes(workingRoom(cache))
                + " of working room); " + smaller + ", or start java with -Xmx" + mebibytes(suggestedHeap));
    }

    private static long roundUp(long bytes, long unit) {
        return (bytes + unit - 1) / unit * unit;
    }

    private static String mebibytes(long bytes) {
        return (bytes + MIB - 1) / MIB + "m";
    }
}
