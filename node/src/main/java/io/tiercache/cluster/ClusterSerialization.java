package io.tiercache.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Registers the cluster room's messages with a Hazelcast member. */
final class ClusterSerialization {

    static final int FACTORY_ID = 7310;

    static final int PURGE_EVENT = 1;
    static final int PURGE_ACK = 2;
    static final int LEASE = 3;
    static final int LEASE_UPDATE = 4;
    static final int REPLACEMENT_NOTICE = 5;
    static final int MEMBER_REPORT = 20;
    static final int MEMBER_QUESTION = 21;

    private ClusterSerialization() {
    }

    static void configure(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, typeId -> {
            IdentifiedDataSerializable created = switch (typeId) {
                case PURGE_EVENT -> new PurgeEvent();
                case PURGE_ACK -> new PurgeAck();
                case LEASE -> new Lease();
                case LEASE_UPDATE -> new LeaseUpdate();
                case REPLACEMENT_NOTICE -> new ReplacementNotice();
                case MEMBER_REPORT -> new MemberReport();
                case MEMBER_QUESTION -> new MemberQuestion();
                default -> null;
            };
            return created;
        });
    }
}
