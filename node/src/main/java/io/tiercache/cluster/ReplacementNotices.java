package io.tiercache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.tiercache.store.TieredStore;

import java.util.UUID;

/**
 * Keeps hot tiers coherent: when a node stores a response, every other node drops its hot copy of
 * that key, so that a refreshed page does not hide behind an older copy on another node. Notices
 * are small (the key only) and best-effort; purges, which must not be lost, go over the
 * {@link PurgeBus} instead. A notice that does not verify is dropped like a forged purge: dropping a
 * hot copy is harmless to correctness, but forgeries could make every hit a shared-map read.
 */
public final class ReplacementNotices {

    public static final String TOPIC = "tiercache-replaced";

    private final ITopic<ReplacementNotice> topic;
    private final UUID localMember;
    private final MessageAuthentication authentication;

    public ReplacementNotices(HazelcastInstance hazelcast, MessageAuthentication authentication) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.localMember = hazelcast.getCluster().getLocalMember().getUuid();
        this.authentication = authentication;
    }

    /** Publishes this node's stores and applies the others'. Blocking (registers a listener); call at start-up. */
    public void connect(TieredStore store) {
        topic.addMessageListener(message -> {
            if (!localMember.equals(message.getPublishingMember().getUuid())
                    && authentication.accepts(message.getMessageObject(), TOPIC, message.getPublishingMember())) {
                store.replacedElsewhere(message.getMessageObject().storageKey());
            }
        });
        store.onStored(stored -> topic.publishAsync(authentication.signed(new ReplacementNotice(stored.storageKey()))));
    }
}
