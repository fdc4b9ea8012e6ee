package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.tiercache.store.PurgeScope;

import java.io.IOException;
import java.util.UUID;

/** A purge as broadcast on the purge topic. Its ringbuffer sequence orders it among all purges. */
public final class PurgeEvent extends AuthenticatedMessage {

    private UUID id;
    private PurgeScope scope;
    private boolean soft;
    private String issuedBy;
    private long issuedAt;

    public PurgeEvent() {
    }

    public PurgeEvent(UUID id, PurgeScope scope, boolean soft, String issuedBy, long issuedAt) {
        this.id = id;
        this.scope = scope;
        this.soft = soft;
        this.issuedBy = issuedBy;
        this.issuedAt = issuedAt;
    }

    public UUID id() {
        return id;
    }

    public PurgeScope scope() {
        return scope;
    }

    public boolean soft() {
        return soft;
    }

    public String issuedBy() {
        return issuedBy;
    }

    public long issuedAt() {
        return issuedAt;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.PURGE_EVENT;
    }

    @Override
    void authenticate(MessageMac mac) {
        mac.id(id).texts(scope.pathQueries()).texts(scope.prefixes()).texts(scope.tags()).text(scope.host())
                .flag(soft).text(issuedBy).number(issuedAt);
    }

    @Override
    void writeContent(ObjectDataOutput out) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
        scope.writeTo(out);
        out.writeBoolean(soft);
        out.writeString(issuedBy);
        out.writeLong(issuedAt);
    }

    @Override
    void readContent(ObjectDataInput in) throws IOException {
        id = new UUID(in.readLong(), in.readLong());
        scope = PurgeScope.readFrom(in);
        soft = in.readBoolean();
        issuedBy = in.readString();
        issuedAt = in.readLong();
    }
}
