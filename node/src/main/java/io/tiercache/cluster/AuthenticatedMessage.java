package io.tiercache.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * A message of the cluster's own topics, carrying the MAC of its content. The MAC starts with the
 * message type, so that one kind of message cannot pass for another. A receiver applies it only
 * once {@link ClusterSecret#verifies} it.
 */
abstract class AuthenticatedMessage implements IdentifiedDataSerializable {

    private byte[] mac = new byte[0];

    /** Feeds every field of the content to the MAC, in a fixed order. */
    abstract void authenticate(MessageMac mac);

    abstract void writeContent(ObjectDataOutput out) throws IOException;

    abstract void readContent(ObjectDataInput in) throws IOException;

    /** Computes the MAC with the fleet's key; call once the content is complete, before publishing. */
    final void sign(ClusterSecret secret) {
        mac = secret.mac(this);
    }

    final byte[] mac() {
        return mac;
    }

    @Override
    public final int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        writeContent(out);
        out.writeByteArray(mac);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        readContent(in);
        byte[] received = in.readByteArray();
        mac = received == null ? new byte[0] : received;
    }
}
