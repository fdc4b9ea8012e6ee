package io.tiercache.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.proxy.CacheOutcome;

/**
 * This node's finished requests by cache status since it started, summed over routes, read from
 * the request metrics (one pass over the registry, no counting of its own).
 */
final class RequestCounts {

    private RequestCounts() {
    }

    /** Counts indexed by {@link CacheOutcome#ordinal()}. */
    static long[] of(MeterRegistry registry) {
        long[] counts = new long[CacheOutcome.values().length];
        for (Counter counter : registry.find("tiercache.requests").counters()) {
            String status = counter.getId().getTag("status");
            for (CacheOutcome outcome : CacheOutcome.values()) {
                if (outcome.name().equals(status)) {
                    counts[outcome.ordinal()] += (long) counter.count();
                }
            }
        }
        return counts;
    }

    /** Served from cache (fresh or stale) over all finished requests, rounded to 0.001; 0 without requests. */
    static double hitRatio(long[] counts) {
        long all = 0;
        for (long count : counts) {
            all += count;
        }
        long hits = counts[CacheOutcome.HIT.ordinal()] + counts[CacheOutcome.STALE.ordinal()]
                + counts[CacheOutcome.UPDATING.ordinal()];
        return all == 0 ? 0.0 : Math.round(1000.0 * hits / all) / 1000.0;
    }
}
