package io.tiercache.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Cache sizing and timing.
 *
 * @param hotTierBytes   budget of the per-node in-process hot tier; 0 disables it
 * @param sharedBytes    this node's heap budget for the shared-map entries it owns (backups come on top)
 * @param maxObjectBytes bodies larger than this stream through without being stored; at most
 *                       1/{@value #OBJECTS_PER_BUDGET} of {@code sharedBytes}
 * @param inactive       entries not read for this long are dropped, fresh or not (like nginx {@code inactive=})
 * @param maxVariants    the most {@code Vary} variants kept per URL
 * @param tagHeaders     response headers that carry surrogate keys (tags) for purging
 * @param lockTimeout    how long a request waits for another node's fetch of the same key before fetching itself
 * @param lockAge        how long a refresh lease lasts, so that a dead holder's lease expires
 * @param hitForMiss     how long a key whose response was not storable skips coalescing (Varnish's hit-for-miss)
 * @param statusDetail   whether clients see the {@code detail} of Cache-Status
 * @param targetedFields the target list of RFC 9213 targeted cache-control fields, most specific first
 * @param heuristicFreshness whether responses without explicit freshness get a heuristic lifetime
 *                       (RFC 9111 §4.2.2), unless their route says otherwise
 * @param heuristicMax   the longest heuristic lifetime
 * @param staleIfUnreachable how long past expiry a stored response may stand in for an origin that
 *                       cannot be reached (RFC 9111 §4.2.4), unless its route says otherwise; zero for never
 * @param sliceBytes     objects larger than this are fetched and stored in slices of this size
 *                       (nginx {@code slice}), on routes that do not set their own; 0 turns slicing off;
 *                       at most {@code maxObjectBytes}
 * @param compress       which responses are stored compressed, on routes that do not say;
 *                       {@link RouteCompression#OFF} for none
 */
public record CacheConfig(long hotTierBytes, long sharedBytes, long maxObjectBytes, Duration inactive,
                          int maxVariants, List<String> tagHeaders, Duration lockTimeout, Duration lockAge,
                          Duration hitForMiss, StatusDetail statusDetail, List<String> targetedFields,
                          boolean heuristicFreshness, Duration heuristicMax, Duration staleIfUnreachable,
                          long sliceBytes, RouteCompression compress) {

    /**
     * The budget holds at least this many objects of the largest size: one object can neither take
     * the budget whole nor make the room kept free for the next store (one such object) a large part of it.
     */
    public static final int OBJECTS_PER_BUDGET = 16;

    public CacheConfig {
        Objects.requireNonNull(inactive, "inactive");
        tagHeaders = List.copyOf(tagHeaders);
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(lockAge, "lockAge");
        Objects.requireNonNull(hitForMiss, "hitForMiss");
        Objects.requireNonNull(statusDetail, "statusDetail");
        targetedFields = List.copyOf(targetedFields);
        Objects.requireNonNull(heuristicMax, "heuristicMax");
        Objects.requireNonNull(staleIfUnreachable, "staleIfUnreachable");
        Objects.requireNonNull(compress, "compress");
    }
}
