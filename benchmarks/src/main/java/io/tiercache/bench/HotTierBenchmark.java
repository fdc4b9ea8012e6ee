package io.tiercache.bench;

import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.HotTier;
import io.tiercache.store.PreparedResponse;
import io.tiercache.store.PurgeLog;
import io.tiercache.store.SharedEntries;
import io.tiercache.store.TieredStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot-tier lookup of a hit (TieredStore.hot): a Caffeine read by primary key among
 * {@code entries} stored responses. The shared map is never reached: its idle clock is touched at
 * most once per half of the inactive time, which these iterations never reach.
 */
@State(Scope.Benchmark)
public class HotTierBenchmark {

    @Param({"1", "10000"})
    public int entries;

    private TieredStore store;
    private CacheLocation hit;
    private CacheLocation miss;
    private HeaderFields request;

    @Setup
    public void setUp() {
        long now = System.currentTimeMillis();
        HotTier hot = new HotTier(512L * 1024 * 1024);
        store = new TieredStore(hot, new SharedEntries(null, null, key -> 0), new PurgeLog(),
                new TieredStore.Settings(16, 3_600_000, 3_600_000, 3_600_000), java.time.Clock.systemUTC());
        CachedResponse template = HitFixtures.response(1024, now, 0);
        for (int i = 0; i < entries; i++) {
            String path = "/obj/" + i;
            String url = "http://" + HitFixtures.HOST + path;
            CacheLocation location = new CacheLocation(url, url, HitFixtures.HOST, path, path);
            CachedResponse response = new CachedResponse(location, "", 200, template.headers(), template.body(),
                    new String[0], template.timing(), template.freshness(), 0, -1, "bench-node");
            hot.put(new PreparedResponse(response, now));
            if (i == entries / 2) {
                hit = location;
            }
        }
        String absent = "http://" + HitFixtures.HOST + "/absent";
        miss = new CacheLocation(absent, absent, HitFixtures.HOST, "/absent", "/absent");
        request = HeaderList.of("Host", HitFixtures.HOST, "User-Agent", "wrk");
    }

    @Benchmark
    public PreparedResponse hit() {
        return store.hot(hit, request);
    }

    @Benchmark
    public PreparedResponse miss() {
        return store.hot(miss, request);
    }
}
