package io.tiercache.admin;

import com.hazelcast.cluster.Address;
import com.hazelcast.map.LocalMapStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.SharedBudget;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.TieredStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * This node's figures as it reports them to every member once a second: where it listens, its
 * phase, entries and bytes per tier, and counts since it started (requests by cache status, origin
 * and purge times by bucket), from which any member works out rates over any window. A few hundred
 * bytes of JSON; built off the event loop, since the map statistics walk this member's partitions.
 */
final class NodeFigures {

    private final TierCacheConfig config;
    private final Readiness readiness;
    private final TieredStore store;
    private final ClusterMember member;
    private final MeterRegistry registry;
    private final OriginTimes originTimes;
    private final LatencyHistogram purgeTimes;
    private final long startedAt;

    NodeFigures(TierCacheConfig config, Readiness readiness, TieredStore store, ClusterMember member,
                MeterRegistry registry, OriginTimes originTimes, LatencyHistogram purgeTimes, long startedAt) {
        this.config = config;
        this.readiness = readiness;
        this.store = store;
        this.member = member;
        this.registry = registry;
        this.originTimes = originTimes;
        this.purgeTimes = purgeTimes;
        this.startedAt = startedAt;
    }

    JsonObject now() {
        LocalMapStats shared = member.entries().getLocalMapStats();
        Address address = member.hazelcast().getCluster().getLocalMember().getAddress();
        return new JsonObject()
                .put("address", address.getHost() + ":" + address.getPort())
                .put("proxy", listening(config.node().listen().host(), "proxyPort"))
                .put("admin", listening(config.admin().listen().host(), "adminPort"))
                .put("phase", readiness.phase().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("startedAt", startedAt)
                .put("hot", new JsonObject().put("entries", store.hotEntries()).put("bytes", store.hotBytes()))
                .put("shared", new JsonObject().put("entries", shared.getOwnedEntryCount())
                        .put("bytes", SharedBudget.heldBytes(shared)))
                .put("requests", array(RequestCounts.of(registry)))
                .put("origin", array(originTimes.counts()))
                .put("purges", array(purgeTimes.counts()));
    }

    private String listening(String host, String port) {
        Object bound = readiness.bound().get(port);
        return host + ":" + (bound == null ? "?" : bound);
    }

    private static JsonArray array(long[] counts) {
        JsonArray array = new JsonArray();
        for (long count : counts) {
            array.add(count);
        }
        return array;
    }
}
