package io.tiercache.client.cli;

import io.tiercache.client.FetchResult;
import io.tiercache.client.PurgeResult;
import io.tiercache.client.Stats;
import io.tiercache.client.WarmResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Summaries for answers a single healthy test node does not give: partial acknowledgement, failed fetches. */
class SummaryTest {

    @Test
    void purgeNamesTheNodesThatDidNotAcknowledge() {
        PurgeResult result = new PurgeResult("id", 3, true, List.of("node-1", "node-2"), List.of("node-3"), 5012, false, "{}");

        assertThat(Summary.purge(result))
                .isEqualTo("purged 3 responses; acknowledged by node-1, node-2 in 5012 ms; NOT acknowledged by node-3");
    }

    @Test
    void warmCountsStoredAndFailedUrls() {
        WarmResult result = new WarmResult(List.of(
                new FetchResult("http://a/1", 200, "MISS", true, null),
                new FetchResult("http://a/2", 200, "MISS", false, null),
                new FetchResult("http://a/3", 0, null, false, "Connection refused")), "{}");

        assertThat(Summary.warm(result)).isEqualTo("""
                200 MISS stored http://a/1
                200 MISS not stored http://a/2
                failed http://a/3: Connection refused
                warmed 3 URLs: 1 stored, 1 failed""");
    }

    @Test
    void statsShowOnlyTheStatusesThatOccurred() {
        Map<String, Long> requests = new LinkedHashMap<>();
        requests.put("HIT", 9L);
        requests.put("MISS", 1L);
        requests.put("STALE", 0L);
        Stats stats = new Stats("node-1", List.of("node-1", "node-2"), requests, 0.9,
                new Stats.HotTier(1, 2048, 0), new Stats.SharedMap(10, 5, 3 * 1024 * 1024, 5), "{}");

        assertThat(Summary.stats(stats)).isEqualTo("""
                node-1 in a cluster of node-1, node-2
                requests:   9 HIT, 1 MISS; hit ratio 0.9
                hot tier:   1 entry, 2.0 KiB, 0 evictions
                shared map: 10 entries in the cluster; this member owns 5 (3.0 MiB) and backs up 5""");
    }
}
