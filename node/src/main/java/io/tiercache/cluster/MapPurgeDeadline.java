package io.tiercache.cluster;

/**
 * When a purge's answer stops waiting for the shared map's purge: once no part of it (one
 * partition's keys) has finished for {@code idleNanos}, which is how a hanging member shows, or
 * once it has waited {@code longestNanos} in all. A purge of 100,000 entries takes longer than the
 * idle time, but its parts keep finishing.
 *
 * @param startedNanos when the wait began (the acknowledgements were in)
 */
record MapPurgeDeadline(long startedNanos, long idleNanos, long longestNanos) {

    /** 0 when the wait is over at {@code now}; else how long until it must be looked at again. */
    long remaining(long now, long lastProgressNanos) {
        long quietUntil = Math.max(lastProgressNanos, startedNanos) + idleNanos;
        long until = Math.min(quietUntil, startedNanos + longestNanos);
        return Math.max(0, until - now);
    }
}
