package io.tiercache.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every change to a lease, applied atomically on the partition that owns the key. Returns the
 * {@link RefreshLease.Claim} ordinal for a claim, and whether anything changed otherwise.
 */
public final class LeaseUpdate implements EntryProcessor<String, Lease, Integer>, IdentifiedDataSerializable {

    enum Kind { CLAIM, RENEW, RELEASE, MARK_UNCACHEABLE }

    /**
     * Hazelcast keeps an entry's expiry time in whole seconds, rounded down, so a lease given
     * exactly its TTL runs out up to a second early (with a lock-age of 1 s, between two renewals of
     * a live holder). This much longer, it never ends before its TTL.
     */
    private static final long EXPIRY_GRANULARITY_MILLIS = 1000;

    private Kind kind;
    private String holder;
    private long ttlMillis;

    public LeaseUpdate() {
    }

    LeaseUpdate(Kind kind, String holder, long ttlMillis) {
        this.kind = kind;
        this.holder = holder;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Integer process(Map.Entry<String, Lease> entry) {
        Lease current = entry.getValue();
        ExtendedMapEntry<String, Lease> lease = (ExtendedMapEntry<String, Lease>) entry;
        switch (kind) {
            case CLAIM -> {
                if (current != null && current.uncacheable()) {
                    return RefreshLease.Claim.UNCACHEABLE.ordinal();
                }
                // A lease this holder already has is left over from a fetch that ended without
                // releasing it; taking it over is safe because one node leads each key locally.
                if (current != null && !current.holder().equals(holder)) {
                    return RefreshLease.Claim.HELD.ordinal();
                }
                lease.setValue(new Lease(holder, false), expiry(), TimeUnit.MILLISECONDS);
                return RefreshLease.Claim.WON.ordinal();
            }
            case RENEW -> {
                if (current == null || current.uncacheable() || !current.holder().equals(holder)) {
                    return 0;
                }
                lease.setValue(current, expiry(), TimeUnit.MILLISECONDS);
                return 1;
            }
            case RELEASE -> {
                if (current == null || current.uncacheable() || !current.holder().equals(holder)) {
                    return 0;
                }
                entry.setValue(null);
                return 1;
            }
            case MARK_UNCACHEABLE -> {
                lease.setValue(new Lease(holder, true), expiry(), TimeUnit.MILLISECONDS);
                return 1;
            }
            default -> throw new IllegalStateException("unknown lease update " + kind);
        }
    }

    private long expiry() {
        return ttlMillis + EXPIRY_GRANULARITY_MILLIS;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.LEASE_UPDATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeString(holder);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        holder = in.readString();
        ttlMillis = in.readLong();
    }
}
