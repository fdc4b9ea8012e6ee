package io.tiercache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.tiercache.store.TieredStore;

import java.util.UUID;

/**
 * Keeps hot tiers coherent: when a node stores a response, every other node drops its hot copy of
 * that key, so that a refreshed page does not hide behind an older copy on another node. Notices
 * are small (the key only) and best-effort; purges, which must not be lost, go over the
 * {@link PurgeBus} instead.
 */
public final class ReplacementNotices {

    public static final String TOPIC = "tiercache-replaced";

    private final ITopic<String> topic;
    private final UUID localMember;

    public ReplacementNotices(HazelcastInstance hazelcast) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.localMember = hazelcast.getCluster().getLocalMember().getUuid();
    }

    /** Publishes this node's stores and applies the others'. Blocking (registers a listener); call at start-up. */
    public void connect(TieredStore store) {
        topic.addMessageListener(message -> {
            if (!localMember.equals(message.getPublishingMember().getUuid())) {
                store.replacedElsewhere(message.getMessageObject());
            }
        });
        store.onStored(stored -> topic.publishAsync(stored.storageKey()));
    }
}
