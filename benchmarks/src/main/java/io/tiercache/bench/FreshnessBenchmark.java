package io.tiercache.bench;

import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.Reuse;
import io.tiercache.store.CachedResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The freshness decision of a hit: the client's directives read from the request, then
 * Reuse.decide on the stored response. A browser reload sends Cache-Control, wrk sends nothing.
 */
@State(Scope.Thread)
public class FreshnessBenchmark {

    @Param({"none", "max-age=0", "no-cache"})
    public String requestCacheControl;

    private HeaderFields request;
    private CachedResponse stored;
    private long now;

    @Setup
    public void setUp() {
        request = requestCacheControl.equals("none")
                ? HeaderList.of("Host", HitFixtures.HOST, "User-Agent", "wrk", "Accept", "*/*")
                : HeaderList.of("Host", HitFixtures.HOST, "User-Agent", "wrk", "Accept", "*/*",
                "Cache-Control", requestCacheControl);
        now = System.currentTimeMillis();
        stored = HitFixtures.response(1024, now, 30_000);
    }

    @Benchmark
    public Reuse decide() {
        ClientDirectives client = ClientDirectives.of(request, true);
        return Reuse.decide(stored, stored.ageMillis(now), client);
    }

    @Benchmark
    public void directivesOnly(Blackhole blackhole) {
        blackhole.consume(ClientDirectives.of(request, true));
    }
}
