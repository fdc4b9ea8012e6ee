package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.UUID;

/**
 * A member's word that it applied a purge: it will not serve what the purge covers as fresh. Its
 * MAC covers the purge's id, which is random and new for every purge, so a copied ack never
 * counts for another purge, nor for another member.
 */
public final class PurgeAck extends AuthenticatedMessage {

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
    public int getClassId() {
        return ClusterSerialization.PURGE_ACK;
    }

    @Override
    void authenticate(MessageMac mac) {
        mac.id(purgeId).id(member).text(node);
    }

    @Override
    void writeContent(ObjectDataOutput out) throws IOException {
        out.writeLong(purgeId.getMostSignificantBits());
        out.writeLong(purgeId.getLeastSignificantBits());
        out.writeLong(member.getMostSignificantBits());
        out.writeLong(member.getLeastSignificantBits());
        out.writeString(node);
    }

    @Override
    void readContent(ObjectDataInput in) throws IOException {
        purgeId = new UUID(in.readLong(), in.readLong());
        member = new UUID(in.readLong(), in.readLong());
        node = in.readString();
    }
}
