package io.tiercache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.function.Predicate;

/**
 * The per-node hot tier: a Caffeine cache, bounded in bytes, of prepared responses and variant
 * indexes keyed like the shared map. It is only ever a copy: everything in it is also in the
 * shared map, and a purge anywhere drops the matching copies on every node.
 */
public final class HotTier {

    private final Cache<String, Object> cache;
    private final boolean enabled;

    public HotTier(long maxBytes) {
        this.enabled = maxBytes > 0;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher(HotTier::weigh)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /**
     * What a hot copy takes beyond its key, fields, rendered head and body: Caffeine's node, the
     * copy's own objects and its direct buffer's bookkeeping. Measured with
     * {@code benchmarks/entry-memory} (1 KiB entries): 4,073 bytes weighed, 4,820 taken (heap and
     * direct memory together).
     */
    static final int ENTRY_OVERHEAD_BYTES = 750;

    private static int weigh(String key, Object value) {
        int keyBytes = ENTRY_OVERHEAD_BYTES + 40 + 2 * key.length();
        if (value instanceof PreparedResponse prepared) {
            return keyBytes + prepared.weight();
        }
        return keyBytes + (int) Math.min(Integer.MAX_VALUE, ((VariantIndex) value).estimatedBytes());
    }

    /** False when configured with size 0: nothing is kept. */
    public boolean enabled() {
        return enabled;
    }

    public PreparedResponse response(String storageKey) {
        return cache.getIfPresent(storageKey) instanceof PreparedResponse prepared ? prepared : null;
    }

    public VariantIndex variants(String primaryKey) {
        return cache.getIfPresent(primaryKey) instanceof VariantIndex index ? index : null;
    }

    public void put(PreparedResponse prepared) {
        if (enabled) {
            cache.put(prepared.response().storageKey(), prepared);
        }
    }

    public void put(VariantIndex index) {
        if (enabled) {
            cache.put(index.getPrimaryKey(), index);
        }
    }

    public void invalidate(String key) {
        cache.invalidate(key);
    }

    /** Drops every copy whose entry matches; walks the hot tier, which is small and bounded. */
    public int invalidateIf(Predicate<StoredEntry> matches) {
        int[] dropped = {0};
        cache.asMap().entrySet().removeIf(entry -> {
            StoredEntry stored = entry.getValue() instanceof PreparedResponse prepared
                    ? prepared.response() : (StoredEntry) entry.getValue();
            if (matches.test(stored)) {
                dropped[0]++;
                return true;
            }
            return false;
        });
        return dropped[0];
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    public long entries() {
        return cache.estimatedSize();
    }

    public long weightedBytes() {
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    public long evictions() {
        return cache.stats().evictionCount();
    }
}
