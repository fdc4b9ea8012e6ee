package io.tiercache.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tiercache.store.ContextHop;
import io.tiercache.store.PurgeLog;
import io.tiercache.store.PurgeScope;
import io.tiercache.store.TieredStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Purge once, invalidate everywhere. A purge is published on a Hazelcast ReliableTopic, whose
 * ringbuffer sequence orders it among all purges; every member applies it to its own node (records
 * it, drops its hot copies, settles its writes in flight) and acknowledges on a second topic. Purges
 * and acks carry a MAC made with the cluster secret; one that does not verify is dropped. Only
 * when every member has acknowledged (or the timeout passed) is the purge applied to the shared
 * map (whose keys it collected meanwhile) and answered. After that answer, no member serves the
 * purged content as fresh.
 *
 * <p>The listener is loss-tolerant: if purges were lost (a member fell too far behind the
 * ringbuffer), it drops its whole hot tier rather than trust copies a lost purge may have covered.
 *
 * <p>Split brain: a node remembers the purges it issued in the last hour and when it last lost a
 * member. When its side of a split merges into the other ({@code MERGED}), it drops its hot tier
 * (it may hold pages the other side purged), follows the merged cluster's purge topic, and
 * publishes again what it purged since the split began, so that the other side purges it too.
 * The other side's purges need no replay: the merging side's cache entries are discarded on merge.
 */
public final class PurgeBus {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeBus.class);

    public static final String TOPIC = "tiercache-purges";
    public static final String ACK_TOPIC = "tiercache-purge-acks";

    private final HazelcastInstance hazelcast;
    private final TieredStore store;
    private final Vertx vertx;
    private final Context context;
    private final String nodeName;
    private final Duration ackTimeout;
    private final Map<UUID, PendingPurge> pending = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Timer acknowledged;
    private final MessageAuthentication authentication;
    private ITopic<PurgeEvent> topic;
    private ITopic<PurgeAck> acks;
    private Ringbuffer<Object> ringbuffer;
    private UUID localMember;
    private UUID listener;
    private final Deque<Issued> issued = new ArrayDeque<>();
    private final Duration splitDetection;
    private volatile long degradedSince;
    private volatile Completed completed = (scope, soft, result) -> {
    };

    /** Told about every purge this node issued, once it is answered: the dashboard lists them. */
    public interface Completed {
        void purged(PurgeScope scope, boolean soft, PurgeResult result);
    }

    /** A purge this node issued, kept to publish again should this node's side of a split merge. */
    private record Issued(PurgeScope scope, boolean soft, long at) {
    }

    /** How long issued purges are remembered; a split longer than this is not covered by the replay. */
    static final Duration REMEMBER_ISSUED = Duration.ofHours(1);
    static final int REMEMBER_AT_MOST = 10_000;
    /** Pause after a merge before republishing, so the merged members are listening. */
    static final long REPUBLISH_DELAY_MILLIS = 2000;

    /**
     * @param splitDetection how long a lost member goes unnoticed (the heartbeat timeout): purges
     *                       issued this long before the loss was noticed are replayed after a merge too
     */
    public PurgeBus(HazelcastInstance hazelcast, TieredStore store, Vertx vertx, Context context, String nodeName,
                    Duration ackTimeout, Duration splitDetection, MessageAuthentication authentication,
                    MeterRegistry registry) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.vertx = vertx;
        this.context = context;
        this.nodeName = nodeName;
        this.ackTimeout = ackTimeout;
        this.splitDetection = splitDetection;
        this.registry = registry;
        this.authentication = authentication;
        this.acknowledged = Timer.builder("tiercache.purge.propagation")
                .description("From a purge's publication until every member acknowledged it (or the timeout)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Starts listening. Blocking (reads the ringbuffer tail); call before the node serves traffic. */
    public void start() {
        localMember = hazelcast.getCluster().getLocalMember().getUuid();
        topic = hazelcast.getReliableTopic(TOPIC);
        acks = hazelcast.getTopic(ACK_TOPIC);
        ringbuffer = hazelcast.getRingbuffer("_hz_rb_" + TOPIC);
        long tail = ringbuffer.tailSequence();
        store.startPurgeLogAt(tail);
        listener = topic.addMessageListener(new Listener(tail + 1));
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                rejoined();
            }
        });
        acks.addMessageListener(message -> {
            PurgeAck ack = message.getMessageObject();
            if (!authentication.accepts(ack, ACK_TOPIC, message.getPublishingMember())) {
                return;
            }
            PendingPurge purge = pending.get(ack.purgeId());
            if (purge != null) {
                purge.acknowledged(ack.member(), ack.node());
            }
        });
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                if (degradedSince == 0) {
                    degradedSince = System.currentTimeMillis();
                }
                pending.values().forEach(purge -> purge.left(event.getMember().getUuid()));
            }
        });
    }

    public void onCompleted(Completed listener) {
        this.completed = listener;
    }

    /**
     * Purges everywhere. Completes once every member acknowledged (or the ack timeout passed) and
     * the shared map was purged.
     */
    public Future<PurgeResult> purge(PurgeScope scope, boolean soft) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            // Nothing could be published or acknowledged: say so at once instead of waiting out the ack timeout.
            return Future.failedFuture(new IllegalStateException("this node's cluster member is down"));
        }
        long started = System.nanoTime();
        UUID id = UUID.randomUUID();
        Map<UUID, String> expected = new HashMap<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            expected.put(member.getUuid(), memberName(member));
        }
        PendingPurge purge = new PendingPurge(expected);
        pending.put(id, purge);
        remember(scope, soft);
        long timer = vertx.setTimer(ackTimeout.toMillis(), ignored -> purge.timeOut());
        topic.publishAsync(authentication.signed(new PurgeEvent(id, scope, soft, nodeName, System.currentTimeMillis())))
                .whenCompleteAsync((ignored, failure) -> {
                    if (failure != null) {
                        LOG.warn("purge {} could not be published", id, failure);
                        purge.timeOut();
                    }
                }, ContextHop.executor(context));
        Future<Outcome> settled = purge.settled.future()
                .andThen(ignored -> acknowledged.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .eventually(() -> {
                    vertx.cancelTimer(timer);
                    pending.remove(id);
                    return Future.succeededFuture();
                });
        // The map's purge starts on the thread that took the last acknowledgement, without waiting for a hop to the context.
        MapProgress progress = new MapProgress();
        Future<List<String>> mapPurged = store.purgeShared(scope, soft, purge.released.future(), context, progress::made);
        return settled.compose(outcome -> {
            long acknowledgedAt = System.nanoTime();
            return whileProgressing(mapPurged, progress, scope).map(applied -> answered(id, scope, soft, outcome, applied, started,
                    acknowledgedAt));
        });
    }

    private PurgeResult answered(UUID id, PurgeScope scope, boolean soft, Outcome outcome, List<String> applied,
                                 long started, long acknowledgedAt) {
        long ended = System.nanoTime();
        long elapsed = (ended - started) / 1_000_000;
        List<String> urls = applied == null ? List.of() : applied;
        PurgeResult result = new PurgeResult(id, urls, applied != null, outcome.acknowledged(), outcome.missing(), elapsed);
        Counter.builder("tiercache.purges").description("Purges issued by this node")
                .tag("kind", kind(scope)).tag("soft", Boolean.toString(soft))
                .tag("complete", Boolean.toString(result.complete())).register(registry).increment();
        LOG.info("purge {} {}{}: {} responses{}, acknowledged by {} member(s){} in {} ms (the shared map's purge {} ms "
                        + "of it)", id, soft ? "soft " : "", scope, urls.size(),
                applied == null ? " (map purge still running)" : "", result.acknowledged().size(),
                result.missing().isEmpty() ? "" : ", missing " + result.missing(), elapsed,
                (ended - acknowledgedAt) / 1_000_000);
        try {
            completed.purged(scope, soft, result);
        } catch (RuntimeException failure) {
            // The purge is done everywhere: a listener (the dashboard's list) must not turn its answer into a failure.
            LOG.warn("purge {}: reporting it failed", id, failure);
        }
        return result;
    }

    private synchronized void remember(PurgeScope scope, boolean soft) {
        long now = System.currentTimeMillis();
        while (!issued.isEmpty() && (issued.size() >= REMEMBER_AT_MOST
                || now - issued.peekFirst().at() > REMEMBER_ISSUED.toMillis())) {
            issued.removeFirst();
        }
        issued.addLast(new Issued(scope, soft, now));
    }

    /** The purges issued since the split began (counting the time it took to notice it). */
    private synchronized List<Issued> issuedDuringSplit() {
        long since = degradedSince == 0 ? Long.MAX_VALUE : degradedSince - splitDetection.toMillis() - ackTimeout.toMillis();
        return issued.stream().filter(purge -> purge.at() >= since).toList();
    }

    /** This node's side of a split merged into the other side: trust nothing it held, replay what it purged. */
    private void rejoined() {
        List<Issued> replay = issuedDuringSplit();
        degradedSince = 0;
        LOG.warn("rejoined the cluster after a split: dropping the hot tier, following the merged purge topic, "
                + "publishing again the {} purge(s) issued here during the split", replay.size());
        topic.removeMessageListener(listener);
        long tail = ringbuffer.tailSequence();
        store.restartPurgeLogAt(tail);
        listener = topic.addMessageListener(new Listener(tail + 1));
        context.runOnContext(ignored -> vertx.setTimer(REPUBLISH_DELAY_MILLIS, timer -> {
            for (Issued purge : replay) {
                purge(purge.scope(), purge.soft()).onComplete(done -> LOG.info("purge {} published again after the "
                        + "split: {}", purge.scope(), done.succeeded() ? done.result().acknowledged() : done.cause()));
            }
        }));
    }

    /** When a part of the shared map's purge last finished (one partition's keys). */
    private static final class MapProgress {
        private volatile long lastNanos = System.nanoTime();

        void made() {
            lastNanos = System.nanoTime();
        }
    }

    /** However much progress it makes, the answer waits for the shared map's purge at most this many ack timeouts. */
    static final int LONGEST_MAP_PURGE = 12;

    /**
     * The shared map's purge, as far as it got while it made progress. A member that hangs would hold
     * it until Hazelcast gives up (a minute), so the answer waits only while parts of it (one
     * partition's keys each) keep finishing, at most the ack timeout apart, and at most
     * {@link #LONGEST_MAP_PURGE} ack timeouts in all: it completes with null then, and the purge goes
     * on. A purge of 100,000 entries takes longer than one ack timeout on a busy machine, but never
     * stops progressing for that long.
     */
    private Future<List<String>> whileProgressing(Future<List<String>> mapPurged, MapProgress progress, PurgeScope scope) {
        Promise<List<String>> answer = Promise.promise();
        long idle = ackTimeout.toNanos();
        MapPurgeDeadline deadline = new MapPurgeDeadline(System.nanoTime(), idle, LONGEST_MAP_PURGE * idle);
        long[] timer = new long[1];
        Handler<Long> check = new Handler<>() {
            @Override
            public void handle(Long ignored) {
                long remaining = deadline.remaining(System.nanoTime(), progress.lastNanos);
                if (remaining == 0) {
                    answer.tryComplete(null);
                } else {
                    timer[0] = vertx.setTimer(Math.max(1, remaining / 1_000_000), this);
                }
            }
        };
        timer[0] = vertx.setTimer(ackTimeout.toMillis(), check);
        mapPurged.onComplete(done -> {
            vertx.cancelTimer(timer[0]);
            if (done.failed()) {
                LOG.warn("shared map purge of {} failed: {}", scope, done.cause().toString());
                answer.tryComplete(null);
            } else if (!answer.tryComplete(done.result())) {
                LOG.info("shared map purge of {} finished late: {} responses", scope, done.result().size());
            }
        });
        return answer.future();
    }

    /** url, prefix, tag, or mixed: how purges are counted and listed. */
    public static String kind(PurgeScope scope) {
        int kinds = (scope.pathQueries().isEmpty() ? 0 : 1) + (scope.prefixes().isEmpty() ? 0 : 1) + (scope.tags().isEmpty() ? 0 : 1);
        if (kinds > 1) {
            return "mixed";
        }
        return !scope.pathQueries().isEmpty() ? "url" : !scope.prefixes().isEmpty() ? "prefix" : "tag";
    }

    private static String memberName(Member member) {
        String name = member.getAttribute(ClusterMember.NODE_NAME_ATTRIBUTE);
        return name != null ? name : member.getAddress().toString();
    }

    /** The acknowledgements one purge is waiting for. */
    private final class PendingPurge {
        private final Map<UUID, String> waitingFor;
        private final List<String> acknowledged = new ArrayList<>();
        /** Completed on the purge's context: the answer's path. */
        private final Promise<Outcome> settled = Promise.promise();
        /** Completed on whichever thread settles the purge (the last ack, a member leaving, the timeout): the map's purge. */
        private final Promise<Void> released = Promise.promise();
        private boolean done;

        PendingPurge(Map<UUID, String> expected) {
            this.waitingFor = new HashMap<>(expected);
        }

        void acknowledged(UUID member, String node) {
            Outcome outcome;
            synchronized (this) {
                if (waitingFor.remove(member) != null) {
                    acknowledged.add(node);
                }
                outcome = settledIfDone();
            }
            settle(outcome);
        }

        void left(UUID member) {
            Outcome outcome;
            synchronized (this) {
                waitingFor.remove(member);
                outcome = settledIfDone();
            }
            settle(outcome);
        }

        void timeOut() {
            Outcome outcome = null;
            synchronized (this) {
                if (!done) {
                    done = true;
                    outcome = new Outcome(List.copyOf(acknowledged), List.copyOf(waitingFor.values()));
                }
            }
            settle(outcome);
        }

        private Outcome settledIfDone() {
            if (!done && waitingFor.isEmpty()) {
                done = true;
                return new Outcome(List.copyOf(acknowledged), List.of());
            }
            return null;
        }

        /** Outside the lock: what the completions start runs on this thread (the map's purge) or on the context. */
        private void settle(Outcome outcome) {
            if (outcome != null) {
                released.complete();
                context.runOnContext(ignored -> settled.complete(outcome));
            }
        }
    }

    private record Outcome(List<String> acknowledged, List<String> missing) {
    }

    /** Applies each purge on this node, in sequence order, and acknowledges it. */
    private final class Listener implements ReliableMessageListener<PurgeEvent> {
        private final long initialSequence;
        private long sequence = -1;
        private long lastSequence = -1;

        Listener(long initialSequence) {
            this.initialSequence = initialSequence;
        }

        @Override
        public long retrieveInitialSequence() {
            return initialSequence;
        }

        @Override
        public void storeSequence(long next) {
            if (lastSequence >= 0 && next > lastSequence + 1) {
                LOG.warn("lost {} purge event(s); dropping the whole hot tier", next - lastSequence - 1);
                store.forgetAll();
            }
            sequence = next;
            lastSequence = next;
        }

        @Override
        public boolean isLossTolerant() {
            return true;
        }

        @Override
        public boolean isTerminal(Throwable failure) {
            LOG.warn("purge listener failed; it keeps listening", failure);
            return false;
        }

        @Override
        public void onMessage(Message<PurgeEvent> message) {
            PurgeEvent event = message.getMessageObject();
            if (!authentication.accepts(event, TOPIC, message.getPublishingMember())) {
                return;
            }
            store.applyPurge(new PurgeLog.Purge(sequence, event.scope(), event.soft()), context)
                    .onComplete(applied -> {
                        if (applied.failed()) {
                            LOG.warn("purge {} was not fully settled on this node", event.id(), applied.cause());
                        }
                        PendingPurge issuedHere = pending.get(event.id());
                        if (issuedHere != null) {
                            // This node's own purge: its acknowledgement needs no trip through the topic.
                            issuedHere.acknowledged(localMember, nodeName);
                        } else {
                            acks.publishAsync(authentication.signed(new PurgeAck(event.id(), localMember, nodeName)));
                        }
                    });
        }
    }
}
