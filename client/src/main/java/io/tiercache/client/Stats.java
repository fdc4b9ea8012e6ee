package io.tiercache.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's view of the cache.
 *
 * @param node      the answering node's name
 * @param members   the cluster members it sees
 * @param requests  request counts by cache status (HIT, MISS, STALE, ...) since the node started
 * @param hitRatio  requests served from cache over all counted requests, 0 to 1
 * @param hotTier   this node's in-process tier
 * @param sharedMap the cluster-wide map, and this member's share of it
 * @param json      the answer as the node sent it
 */
public record Stats(String node, List<String> members, Map<String, Long> requests, double hitRatio, HotTier hotTier,
                    SharedMap sharedMap, String json) {

    public Stats {
        members = List.copyOf(members);
        // Kept in the node's order (HIT, MISS, ...), which reads better than a hash order.
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    }

    /** The bounded in-process tier in front of the shared map. */
    public record HotTier(long entries, long bytes, long evictions) {
    }

    /**
     * @param entries       entries in the whole cluster
     * @param ownedEntries  entries whose primary copy this member holds
     * @param ownedBytes    the memory cost of those
     * @param backupEntries backup copies this member holds for others
     */
    public record SharedMap(long entries, long ownedEntries, long ownedBytes, long backupEntries) {
    }
}
