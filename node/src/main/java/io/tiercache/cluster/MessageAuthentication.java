package io.tiercache.cluster;

import com.hazelcast.cluster.Member;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs what this node publishes on the cluster's topics and checks what it receives. A message
 * that fails the check is dropped, never applied, and counted; it is logged at most once a minute,
 * so that a flood of forgeries does not become a flood of log lines.
 */
public final class MessageAuthentication {

    private static final Logger LOG = LoggerFactory.getLogger(MessageAuthentication.class);
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final ClusterSecret secret;
    private final Counter rejected;
    private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());

    public MessageAuthentication(ClusterSecret secret, MeterRegistry registry) {
        this.secret = secret;
        this.rejected = Counter.builder("tiercache.cluster.rejected.messages")
                .description("Messages on the cluster's topics dropped because their MAC did not verify")
                .register(registry);
    }

    <T extends AuthenticatedMessage> T signed(T message) {
        message.sign(secret);
        return message;
    }

    /** Whether the message may be applied; if not, it is counted and (now and then) logged. */
    boolean accepts(AuthenticatedMessage message, String topic, Member publisher) {
        if (secret.verifies(message)) {
            return true;
        }
        rejected.increment();
        long now = System.nanoTime();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL.toNanos())) {
            LOG.warn("dropped a message on {} from {} whose MAC does not verify (made without the cluster secret); "
                    + "{} dropped so far, logged at most once every {}", topic, publisher, (long) rejected.count(),
                    LOG_INTERVAL);
        }
        return false;
    }
}
