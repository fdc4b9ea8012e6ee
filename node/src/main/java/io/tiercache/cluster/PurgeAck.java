package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.UUID;

/** A member's word that it applied a purge: it will not serve what the purge covers as fresh. */
public final class PurgeAck implements IdentifiedDataSerializable {

    private UUID purgeId;
    private UUID member;
    private String node;

    public PurgeAck() {
    }

    public PurgeAck(UUID purgeId, UUID member, String node) {
        this.purgeId = purgeId;
        this.member = member;
        this.node = node;
    }

    public UUID purgeId() {
        return purgeId;
    }

    public UUID member() {
        return member;
    }

    public String node() {
        return node;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.PURGE_ACK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(purgeId.getMostSignificantBits());
        out.writeLong(purgeId.getLeastSignificantBits());
        out.writeLong(member.getMostSignificantBits());
        out.writeLong(member.getLeastSignificantBits());
        out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        purgeId = new UUID(in.readLong(), in.readLong());
        member = new UUID(in.readLong(), in.readLong());
        node = in.readString();
    }
}
