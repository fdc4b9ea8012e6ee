package io.tiercache.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL index's value for one path and query: the shared-map keys stored under it on any host
 * (primary keys, Vary variants), each with its host, so that a purge by URL finds its entries by
 * key instead of querying every partition. Keys whose entries expired or were evicted may linger
 * until the index entry expires; purging a missing key does nothing.
 *
 * <p>An index entry that would grow past {@link #MAX_KEYS} stops recording and says so
 * ({@link #overflowed}): a purge of that URL then falls back to the map's path-and-query index.
 */
public final class UrlKeys implements IdentifiedDataSerializable {

    /** Distinct hosts × key templates × variants of one path before the index gives up on it. */
    static final int MAX_KEYS = 1024;

    private List<String> keys;
    private List<String> hosts;
    private long expiresAt;
    private boolean overflowed;

    public UrlKeys() {
    }

    UrlKeys(List<String> keys, List<String> hosts, long expiresAt, boolean overflowed) {
        this.keys = keys;
        this.hosts = hosts;
        this.expiresAt = expiresAt;
        this.overflowed = overflowed;
    }

    static UrlKeys empty() {
        return new UrlKeys(new ArrayList<>(), new ArrayList<>(), 0, false);
    }

    /** Shared-map keys, in the order they were first stored. */
    public List<String> keys() {
        return keys;
    }

    /** The host of each key, at the same position. */
    List<String> hosts() {
        return hosts;
    }

    /** When the longest-lived entry recorded here leaves the map; the index entry lives as long. */
    long expiresAt() {
        return expiresAt;
    }

    /** True when more keys were stored under this URL than the index keeps: purge it by query. */
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
        out.writeStringArray(hosts.toArray(new String[0]));
        out.writeLong(expiresAt);
        out.writeBoolean(overflowed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keys = new ArrayList<>(List.of(in.readStringArray()));
        hosts = new ArrayList<>(List.of(in.readStringArray()));
        expiresAt = in.readLong();
        overflowed = in.readBoolean();
    }
}
