package io.tiercache.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.tiercache.store.ContextHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One fetch per key across the cluster. A node that wants to fetch a key first claims its lease:
 * an entry with a TTL in a small map of its own, claimed atomically on the owning partition (not
 * {@code IMap.lock}, which would pin the entry and a thread). The holder renews it while its fetch
 * runs, so only a dead holder's lease expires (after lock-age, or as soon as the cluster sees its
 * member leave, whichever comes first). Nodes that lose the claim watch
 * the lease map: its entry being removed (the fill is stored), expiring (the holder died) or
 * turning into a hit-for-miss marker wakes them at once, instead of polling.
 */
public final class RefreshLease {

    public static final String MAP_NAME = "tiercache-leases";
    private static final Logger LOG = LoggerFactory.getLogger(RefreshLease.class);
    private static final long RELEASE_RETRY_MILLIS = 1000;
    /** Looks after a departure, waiting 1, 2, 3, 4 and 5 s: 15 s covers a migration on a machine under load. */
    private static final int RELEASE_ATTEMPTS = 5;

    /** The outcome of a claim. */
    public enum Claim {
        /** This node fetches; release the lease (or mark the key uncacheable) when done. */
        WON,
        /** Another node is fetching: wait for its fill, at most lock-timeout. */
        HELD,
        /** The key's last response could not be stored: fetch without queueing. */
        UNCACHEABLE
    }

    private final HazelcastInstance hazelcast;
    private final IMap<String, Lease> leases;
    private final String holder;
    private final Vertx vertx;
    private final long ttlMillis;
    private final long hitForMissMillis;
    private final ConcurrentHashMap<String, List<Watch>> watches = new ConcurrentHashMap<>();

    public RefreshLease(HazelcastInstance hazelcast, String holder, Vertx vertx, Duration lockAge, Duration hitForMiss) {
        this.hazelcast = hazelcast;
        this.leases = hazelcast.getMap(MAP_NAME);
        this.holder = holder;
        this.vertx = vertx;
        this.ttlMillis = lockAge.toMillis();
        this.hitForMissMillis = hitForMiss.toMillis();
    }

    /** Starts watching the lease map. Blocking (registers a cluster-wide listener); call at start-up. */
    public void start() {
        leases.addEntryListener(new Changes(), true);
        hazelcast.getCluster().addMembershipListener(new MembershipAdapter() {
            @Override
            public void memberRemoved(MembershipEvent event) {
                releaseLeasesOf(event);
            }
        });
    }

    /**
     * A member that left will not finish its fetches: its leases end now rather than after
     * lock-age, and the removals wake the waiters everywhere. The oldest member does it (every
     * member hears of the loss); a member with this node's own name is an earlier life of it.
     */
    private void releaseLeasesOf(MembershipEvent event) {
        String gone = event.getMember().getAttribute(ClusterMember.NODE_NAME_ATTRIBUTE);
        if (gone == null || gone.equals(holder) || event.getMembers().isEmpty()
                || !event.getMembers().iterator().next().localMember()) {
            return;
        }
        releaseAgainUntilFound(gone, 0);
    }

    /**
     * The departed member's partitions may still be moving to their backups (longer on a loaded
     * machine): while nothing was found, look again, a second later each time, a few times.
     */
    private void releaseAgainUntilFound(String gone, int attempt) {
        release(gone).onComplete(released -> {
            if ((released.failed() || released.result() == 0) && attempt < RELEASE_ATTEMPTS) {
                vertx.setTimer(RELEASE_RETRY_MILLIS * (attempt + 1), timer -> releaseAgainUntilFound(gone, attempt + 1));
            }
        });
    }

    private Future<Long> release(String gone) {
        return vertx.executeBlocking(() -> leases.executeOnEntries(
                        new LeaseUpdate(LeaseUpdate.Kind.RELEASE, gone, ttlMillis)), false)
                .map(results -> results.values().stream().filter(result -> result == 1).count())
                .onSuccess(released -> {
                    if (released > 0) {
                        LOG.info("released {} refresh lease(s) of {}, which left the cluster", released, gone);
                    }
                })
                .onFailure(failure -> LOG.warn("could not release the refresh leases of {}, which left the cluster; "
                        + "they run out after lock-age: {}", gone, failure.toString()));
    }

    /**
     * Watches a key before claiming it, so that a release landing between the claim and the wait
     * is not missed. Cancel the watch when it is not needed.
     */
    public Watch watch(String key, Context context) {
        Watch watch = new Watch(key, context);
        watches.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(watch);
        return watch;
    }

    public Future<Claim> claim(String key, Context context) {
        LeaseUpdate claim = new LeaseUpdate(LeaseUpdate.Kind.CLAIM, holder, ttlMillis);
        return ContextHop.onContext(() -> leases.submitToKey(key, claim), context).map(ordinal -> Claim.values()[ordinal]);
    }

    /** Keeps a won lease alive while its fetch runs; end it with {@link Held#release} or {@link Held#markUncacheable}. */
    public Held hold(String key, Context context) {
        return new Held(key, context);
    }

    /** A lease this node won. */
    public final class Held {
        private final String key;
        private final Context context;
        private final long renewal;
        private boolean ended;

        private Held(String key, Context context) {
            this.key = key;
            this.context = context;
            this.renewal = vertx.setPeriodic(Math.max(100, ttlMillis / 3), this::renew);
        }

        /** A member that is shutting down (or gone) cannot renew; its lease then expires as designed. */
        private void renew(long timer) {
            try {
                leases.submitToKey(key, new LeaseUpdate(LeaseUpdate.Kind.RENEW, holder, ttlMillis));
            } catch (RuntimeException memberGone) {
                vertx.cancelTimer(timer);
            }
        }

        /** The fill is stored (or failed): waiters everywhere look up again. */
        public Future<Void> release() {
            return end(LeaseUpdate.Kind.RELEASE, ttlMillis);
        }

        /** The response could not be stored: waiters fetch on their own, and so do later requests for a while. */
        public Future<Void> markUncacheable() {
            return end(LeaseUpdate.Kind.MARK_UNCACHEABLE, hitForMissMillis);
        }

        private Future<Void> end(LeaseUpdate.Kind kind, long ttl) {
            if (ended) {
                return Future.succeededFuture();
            }
            ended = true;
            vertx.cancelTimer(renewal);
            return ContextHop.onContext(() -> leases.submitToKey(key, new LeaseUpdate(kind, holder, ttl)), context).mapEmpty();
        }
    }

    /** Waiting for a key's lease to end. */
    public final class Watch {
        private final String key;
        private final Context context;
        private final Promise<Boolean> changed = Promise.promise();

        private Watch(String key, Context context) {
            this.key = key;
            this.context = context;
        }

        /** Completes with true when the lease ended, false when {@code timeoutMillis} passed first. */
        public Future<Boolean> await(long timeoutMillis) {
            long timer = vertx.setTimer(timeoutMillis, ignored -> {
                cancel();
                changed.tryComplete(false);
            });
            return changed.future().onComplete(ignored -> vertx.cancelTimer(timer));
        }

        public void cancel() {
            watches.computeIfPresent(key, (k, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
        }

        private void fire() {
            cancel();
            context.runOnContext(ignored -> changed.tryComplete(true));
        }
    }

    /** Lease map events, on Hazelcast's event threads: wake whoever watches the key. */
    private final class Changes implements EntryRemovedListener<String, Lease>, EntryExpiredListener<String, Lease>,
            EntryEvictedListener<String, Lease>, EntryUpdatedListener<String, Lease>, EntryAddedListener<String, Lease> {

        @Override
        public void entryRemoved(EntryEvent<String, Lease> event) {
            wake(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, Lease> event) {
            wake(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, Lease> event) {
            wake(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Lease> event) {
            if (event.getValue() != null && event.getValue().uncacheable()) {
                wake(event.getKey());
            }
        }

        @Override
        public void entryAdded(EntryEvent<String, Lease> event) {
            if (event.getValue() != null && event.getValue().uncacheable()) {
                wake(event.getKey());
            }
        }

        private void wake(String key) {
            List<Watch> waiting = watches.get(key);
            if (waiting != null) {
                for (Watch watch : Set.copyOf(waiting)) {
                    watch.fire();
                }
            }
        }
    }
}
