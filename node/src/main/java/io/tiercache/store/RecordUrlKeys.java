package io.tiercache.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adds the keys of a stored response to its URL's {@link UrlKeys}, on the partition that owns the
 * index entry, and keeps the index entry alive at least as long as the response.
 */
public final class RecordUrlKeys implements EntryProcessor<String, UrlKeys, Void>, IdentifiedDataSerializable {

    private List<String> keys;
    private long expiresAt;

    public RecordUrlKeys() {
    }

    RecordUrlKeys(List<String> keys, long expiresAt) {
        this.keys = keys;
        this.expiresAt = expiresAt;
    }

    @Override
    public Void process(Map.Entry<String, UrlKeys> entry) {
        UrlKeys current = entry.getValue();
        List<String> recorded = current == null ? new ArrayList<>() : new ArrayList<>(current.keys());
        boolean overflowed = current != null && current.overflowed();
        for (String key : keys) {
            if (recorded.contains(key)) {
                continue;
            }
            if (recorded.size() >= UrlKeys.MAX_KEYS) {
                overflowed = true;
                break;
            }
            recorded.add(key);
        }
        long keepUntil = current == null ? expiresAt : Math.max(current.expiresAt(), expiresAt);
        long ttl = Math.max(1, keepUntil - System.currentTimeMillis());
        ((ExtendedMapEntry<String, UrlKeys>) entry).setValue(new UrlKeys(recorded, keepUntil, overflowed),
                ttl, TimeUnit.MILLISECONDS);
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.RECORD_URL_KEYS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeStringArray(keys.toArray(new String[0]));
        out.writeLong(expiresAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keys = List.of(in.readStringArray());
        expiresAt = in.readLong();
    }
}
