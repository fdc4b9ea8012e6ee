package io.tiercache.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL index's value for one path and query: every shared-map key stored under it on any host
 * (primary keys, Vary variants), so that a purge by URL finds its entries by key instead of querying
 * every partition. Keys stay until the index entry expires with the longest-lived entry recorded:
 * a purge never takes them out, so no purge, failed or concurrent, can hide an entry from the next
 * one; purging a key whose entry is gone does nothing.
 *
 * <p>An index entry that would grow past {@link #MAX_KEYS} stops recording and says so
 * ({@link #overflowed}): a purge of that URL then also queries the map's path-and-query index.
 */
public final class UrlKeys implements IdentifiedDataSerializable {

    /** Distinct hosts × key templates × variants of one path and query that the index keeps. */
    static final int MAX_KEYS = 1024;

    private List<String> keys;
    private long expiresAt;
    private boolean overflowed;

    public UrlKeys() {
    }

    UrlKeys(List<String> keys, long expiresAt, boolean overflowed) {
        this.keys = keys;
        this.expiresAt = expiresAt;
        this.overflowed = overflowed;
    }

    /** Shared-map keys, in the order they were first stored. */
    public List<String> keys() {
        return keys;
    }

    /** When the longest-lived entry recorded here leaves the map; the index entry lives as long. */
    long expiresAt() {
        return expiresAt;
    }

    /** True when more keys were stored under this URL than the index keeps. */
    public boolean overflowed() {
        return overflowed;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.URL_KEYS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeStringArray(keys.toArray(new String[0]));
        out.writeLong(expiresAt);
        out.writeBoolean(overflowed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keys = new ArrayList<>(List.of(in.readStringArray()));
        expiresAt = in.readLong();
        overflowed = in.readBoolean();
    }
}
