package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * A small report a member publishes for every member's dashboard: its figures once a second, or a
 * purge it issued. The body is a compact JSON object whose shape the kind names; the MAC covers
 * every field, so a member without the cluster secret cannot put figures on anyone's page.
 */
public final class MemberReport extends AuthenticatedMessage {

    private String kind;
    private String node;
    private long sentAt;
    private String body;

    public MemberReport() {
    }

    public MemberReport(String kind, String node, long sentAt, String body) {
        this.kind = kind;
        this.node = node;
        this.sentAt = sentAt;
        this.body = body;
    }

    public String kind() {
        return kind;
    }

    public String node() {
        return node;
    }

    /** The sender's wall-clock time, epoch milliseconds. */
    public long sentAt() {
        return sentAt;
    }

    public String body() {
        return body;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.MEMBER_REPORT;
    }

    @Override
    void authenticate(MessageMac mac) {
        mac.text(kind).text(node).number(sentAt).text(body);
    }

    @Override
    void writeContent(ObjectDataOutput out) throws IOException {
        out.writeString(kind);
        out.writeString(node);
        out.writeLong(sentAt);
        out.writeString(body);
    }

    @Override
    void readContent(ObjectDataInput in) throws IOException {
        kind = in.readString();
        node = in.readString();
        sentAt = in.readLong();
        body = in.readString();
    }
}
