package io.tiercache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;

import java.util.function.Consumer;

/**
 * The dashboard's topic: every member publishes small signed reports (its figures once a second,
 * the purges it issued) and every member keeps what it hears, so that any node's page shows the
 * whole cluster without the browser calling each node. Best effort, like replacement notices: a
 * lost report leaves a gap in a chart, nothing more. A plain topic keeps nothing stored, so a
 * report costs one message per member and nothing in the map.
 */
public final class MemberReports {

    public static final String TOPIC = "tiercache-dashboard";

    private final ITopic<MemberReport> topic;
    private final MessageAuthentication authentication;
    private final String node;

    public MemberReports(HazelcastInstance hazelcast, MessageAuthentication authentication, String node) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.authentication = authentication;
        this.node = node;
    }

    public void publish(String kind, long sentAt, String body) {
        topic.publishAsync(authentication.signed(new MemberReport(kind, node, sentAt, body)));
    }

    /**
     * Hands every verified report, this member's own included, to {@code receiver} on Hazelcast's
     * event thread: keep it short. Blocking (registers a listener); call at start-up.
     */
    public void listen(Consumer<MemberReport> receiver) {
        topic.addMessageListener(message -> {
            if (authentication.accepts(message.getMessageObject(), TOPIC, message.getPublishingMember())) {
                receiver.accept(message.getMessageObject());
            }
        });
    }
}
