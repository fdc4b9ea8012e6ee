package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * A value in the lease map: who is fetching a key right now, or, when {@code uncacheable}, a
 * marker that the key's last response could not be stored (Varnish's hit-for-miss), so requests
 * stop queueing behind a single fetch for a while.
 */
public final class Lease implements IdentifiedDataSerializable {

    private String holder;
    private boolean uncacheable;

    public Lease() {
    }

    Lease(String holder, boolean uncacheable) {
        this.holder = holder;
        this.uncacheable = uncacheable;
    }

    String holder() {
        return holder;
    }

    boolean uncacheable() {
        return uncacheable;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.LEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(holder);
        out.writeBoolean(uncacheable);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        holder = in.readString();
        uncacheable = in.readBoolean();
    }
}
