package io.tiercache.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * Reads the keys stored under each of a purge's URLs, on the partitions that own them, in one call
 * for any number of URLs. Read-only: it changes nothing, so no backup waits on it.
 */
public final class ReadUrlKeys implements EntryProcessor<String, UrlKeys, UrlKeys>, ReadOnly,
        IdentifiedDataSerializable {

    @Override
    public UrlKeys process(Map.Entry<String, UrlKeys> entry) {
        return entry.getValue();
    }

    @Override
    public EntryProcessor<String, UrlKeys, UrlKeys> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.READ_URL_KEYS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
