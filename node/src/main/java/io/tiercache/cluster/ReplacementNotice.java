package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/** A node stored a new response under this key: other nodes drop their hot copy of it. */
public final class ReplacementNotice extends AuthenticatedMessage {

    private String storageKey;

    public ReplacementNotice() {
    }

    public ReplacementNotice(String storageKey) {
        this.storageKey = storageKey;
    }

    public String storageKey() {
        return storageKey;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.REPLACEMENT_NOTICE;
    }

    @Override
    void authenticate(MessageMac mac) {
        mac.text(storageKey);
    }

    @Override
    void writeContent(ObjectDataOutput out) throws IOException {
        out.writeString(storageKey);
    }

    @Override
    void readContent(ObjectDataInput in) throws IOException {
        storageKey = in.readString();
    }
}
