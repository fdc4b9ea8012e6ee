package io.tiercache.admin;

import io.tiercache.proxy.RequestLog;

/**
 * How long requests that went to the origin waited for its answer, for the dashboard's origin
 * chart. A hit costs one comparison here; an origin fetch, one atomic increment.
 */
final class OriginTimes implements RequestLog {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Override
    public void completed(Entry entry) {
        // A request that waited for another request's fetch did not fetch: it is counted as a coalesced wait.
        if (entry.originMicros() >= 0 && !entry.collapsed()) {
            histogram.record(entry.originMicros());
        }
    }

    long[] counts() {
        return histogram.counts();
    }
}
