package io.tiercache.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Applies a purge to one entry on the partition that owns it: a hard purge deletes it, a soft
 * purge marks a response stale and keeps its expiry. The scope is checked again here because the
 * index query that selects entries is wider than the scope (prefixes are range queries). Returns the
 * URL of the response it purged, or null (variant indexes, entries outside the scope).
 */
public final class ApplyPurge implements EntryProcessor<String, StoredEntry, String>, IdentifiedDataSerializable {

    private PurgeScope scope;
    private boolean soft;
    private long at;

    public ApplyPurge() {
    }

    public ApplyPurge(PurgeScope scope, boolean soft, long at) {
        this.scope = scope;
        this.soft = soft;
        this.at = at;
    }

    @Override
    public String process(Map.Entry<String, StoredEntry> entry) {
        StoredEntry stored = entry.getValue();
        if (stored == null || !scope.matches(stored)) {
            return null;
        }
        // An entry in a format this node cannot read cannot be marked stale: it goes, as a hard purge would.
        if (!soft || stored instanceof UnreadableEntry) {
            entry.setValue(null);
            return purgedUrl(stored);
        }
        if (stored instanceof CachedResponse response) {
            if (!response.softPurged()) {
                ((ExtendedMapEntry<String, StoredEntry>) entry).setValueWithoutChangingExpiryTime(response.softPurged(at));
            }
            return purgedUrl(stored);
        }
        return null;
    }

    /** The URL a purge reports: one per stored variant, the slices of a large object not counted apart from it. */
    private static String purgedUrl(StoredEntry purged) {
        return purged instanceof CachedResponse response && !response.isSlice() ? purged.getUrl() : null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.APPLY_PURGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        scope.writeTo(out);
        out.writeBoolean(soft);
        out.writeLong(at);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        scope = PurgeScope.readFrom(in);
        soft = in.readBoolean();
        at = in.readLong();
    }
}
