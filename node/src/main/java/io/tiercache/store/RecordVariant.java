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
 * Adds a variant to a URL's {@link VariantIndex} on the partition that owns it, atomically, and
 * returns the variant keys that fell out: the oldest ones past the cap, or all of them when the
 * response now varies on different fields.
 */
public final class RecordVariant implements EntryProcessor<String, StoredEntry, List<String>>, IdentifiedDataSerializable {

    private CacheLocation location;
    private List<String> varyFields;
    private String variantKey;
    private int maxVariants;
    private long expiresAt;

    public RecordVariant() {
    }

    public RecordVariant(CacheLocation location, List<String> varyFields, String variantKey, int maxVariants,
                         long expiresAt) {
        this.location = location;
        this.varyFields = varyFields;
        this.variantKey = variantKey;
        this.maxVariants = maxVariants;
        this.expiresAt = expiresAt;
    }

    @Override
    public List<String> process(Map.Entry<String, StoredEntry> entry) {
        List<String> keys = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        long indexExpiresAt = expiresAt;
        if (entry.getValue() instanceof VariantIndex current) {
            if (current.varyFields().equals(varyFields)) {
                keys.addAll(current.variantKeys());
                keys.remove(variantKey);
                indexExpiresAt = Math.max(current.expiresAt(), expiresAt);
            } else {
                current.variantKeys().stream().filter(key -> !key.equals(variantKey)).forEach(dropped::add);
            }
        }
        keys.add(variantKey);
        while (keys.size() > maxVariants) {
            dropped.add(keys.remove(0));
        }
        long ttl = Math.max(1, indexExpiresAt - System.currentTimeMillis());
        ((ExtendedMapEntry<String, StoredEntry>) entry).setValue(
                new VariantIndex(location, varyFields, keys, indexExpiresAt), ttl, TimeUnit.MILLISECONDS);
        List<String> droppedStorageKeys = new ArrayList<>(dropped.size());
        for (String key : dropped) {
            droppedStorageKeys.add(location.storageKey(key));
        }
        return droppedStorageKeys;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.RECORD_VARIANT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(location.primaryKey());
        out.writeString(location.url());
        out.writeString(location.host());
        out.writeString(location.path());
        out.writeString(location.pathQuery());
        out.writeStringArray(varyFields.toArray(new String[0]));
        out.writeString(variantKey);
        out.writeInt(maxVariants);
        out.writeLong(expiresAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        location = new CacheLocation(in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
        varyFields = List.of(in.readStringArray());
        variantKey = in.readString();
        maxVariants = in.readInt();
        expiresAt = in.readLong();
    }
}
