package io.tiercache.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Removes the head of a sliced object whose origin copy turned out to have changed, on the
 * partition that owns it, but only while it still names the old validators: a head another node
 * stored for the new copy in the meantime stays.
 */
public final class DropChangedObject implements EntryProcessor<String, StoredEntry, Boolean>,
        IdentifiedDataSerializable {

    private String etag;
    private String lastModified;

    public DropChangedObject() {
    }

    DropChangedObject(CachedResponse head) {
        this.etag = head.headers().first("ETag");
        this.lastModified = head.headers().first("Last-Modified");
    }

    @Override
    public Boolean process(Map.Entry<String, StoredEntry> entry) {
        if (entry.getValue() instanceof CachedResponse head && head.slices() != null
                && Objects.equals(etag, head.headers().first("ETag"))
                && Objects.equals(lastModified, head.headers().first("Last-Modified"))) {
            entry.setValue(null);
            return true;
        }
        return false;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.DROP_CHANGED_OBJECT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(etag);
        out.writeString(lastModified);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        etag = in.readString();
        lastModified = in.readString();
    }
}
