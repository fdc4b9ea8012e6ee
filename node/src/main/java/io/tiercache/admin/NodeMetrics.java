package io.tiercache.admin;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.SharedBudget;
import io.tiercache.store.StoredEntry;
import io.tiercache.store.TieredStore;

/**
 * The node's standing numbers, read when Prometheus scrapes: entries, bytes and evictions per tier,
 * cluster members, and the JVM's own. All are local reads; none calls across the cluster.
 */
public final class NodeMetrics {

    private NodeMetrics() {
    }

    public static void bind(MeterRegistry registry, TieredStore store, ClusterMember member, SharedBudget budget) {
        Gauge.builder("tiercache.hot.entries", store, TieredStore::hotEntries)
                .description("Responses in this node's hot tier").register(registry);
        Gauge.builder("tiercache.hot.bytes", store, TieredStore::hotBytes)
                .description("Approximate bytes held by this node's hot tier").baseUnit("bytes").register(registry);
        FunctionCounter.builder("tiercache.hot.evictions", store, TieredStore::hotEvictions)
                .description("Hot-tier copies evicted to stay within hot-tier-size").register(registry);

        IMap<String, StoredEntry> entries = member.entries();
        Gauge.builder("tiercache.shared.entries", entries, map -> map.getLocalMapStats().getOwnedEntryCount())
                .description("Shared-map entries owned by this member (primaries, not backups)").register(registry);
        Gauge.builder("tiercache.shared.backup.entries", entries, map -> map.getLocalMapStats().getBackupEntryCount())
                .description("Shared-map backup copies held by this member").register(registry);
        Gauge.builder("tiercache.shared.bytes", entries, map -> SharedBudget.heldBytes(map.getLocalMapStats()))
                .description("Heap the shared-map entries this member owns take, as shared-size counts it").baseUnit("bytes").register(registry);
        FunctionCounter.builder("tiercache.shared.evictions", entries,
                        map -> map.getLocalMapStats().getEvictionCount() + budget.evictions())
                .description("Shared-map entries this member evicted to stay within shared-size").register(registry);
        FunctionCounter.builder("tiercache.shared.expirations", entries, map -> map.getLocalMapStats().getExpirationCount())
                .description("Shared-map entries this member dropped at the end of their TTL or max-idle").register(registry);

        Gauge.builder("tiercache.cluster.members", member, m -> m.hazelcast().getCluster().getMembers().size())
                .description("Members of the cluster as this node sees them").register(registry);

        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }
}
