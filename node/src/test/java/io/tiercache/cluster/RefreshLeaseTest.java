package io.tiercache.cluster;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tiercache.cluster.RefreshLease.Claim;
import io.tiercache.config.ConfigLoader;
import io.tiercache.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every transition of a refresh lease (invariant 3: one origin fetch per key across the cluster),
 * on a real Hazelcast member. Two {@link RefreshLease}s with different holder names on one member
 * stand for two nodes: the lease map does not care which member a claim comes from.
 */
@DisplayName("RefreshLease: one fetch per key across the cluster")
class RefreshLeaseTest {

    private static final Duration LOCK_AGE = Duration.ofSeconds(1);
    private static final Duration HIT_FOR_MISS = Duration.ofSeconds(30);

    static Vertx vertx;
    static ClusterMember oldest;
    static IMap<String, Lease> leases;
    static RefreshLease nodeA;
    static RefreshLease nodeB;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        int port = Ports.free();
        oldest = member("lease-a", port, port);
        leases = oldest.hazelcast().getMap(RefreshLease.MAP_NAME);
        nodeA = lease(oldest.hazelcast(), "lease-a");
        nodeB = lease(oldest.hazelcast(), "lease-b");
    }

    @AfterAll
    static void stop() {
        oldest.close();
        vertx.close().await();
    }

    private static ClusterMember member(String name, int port, int firstMemberPort) {
        return ClusterMember.start(ConfigLoader.fromYaml("""
                node: {name: %s}
                cluster:
                  name: lease-test-%d
                  port: %d
                  members: [127.0.0.1:%d, 127.0.0.1:%d]
                  heartbeat-timeout: 5s
                """.formatted(name, firstMemberPort, port, firstMemberPort, port)), Runnable::run);
    }

    private static RefreshLease lease(HazelcastInstance hazelcast, String holder) {
        return lease(hazelcast, holder, LOCK_AGE);
    }

    private static RefreshLease lease(HazelcastInstance hazelcast, String holder, Duration lockAge) {
        RefreshLease lease = new RefreshLease(hazelcast, holder, vertx, lockAge, HIT_FOR_MISS);
        lease.start();
        return lease;
    }

    private static Claim claim(RefreshLease lease, String key) {
        return lease.claim(key, vertx.getOrCreateContext()).await();
    }

    /** A key of its own for each test: leases outlive tests by up to lock-age. */
    private static String key(TestInfo test) {
        return "http://www.example.test/" + test.getTestMethod().orElseThrow().getName();
    }

    /** When a watch completed, in nanoTime, and with what. */
    private record Woken(Future<Boolean> result, AtomicLong at) {
        static Woken of(RefreshLease.Watch watch, long timeoutMillis) {
            AtomicLong at = new AtomicLong();
            Future<Boolean> result = watch.await(timeoutMillis).onComplete(done -> at.set(System.nanoTime()));
            return new Woken(result, at);
        }

        boolean woke() {
            return result.isComplete() && result.result();
        }

        long millisAfter(long startNanos) {
            return (at.get() - startNanos) / 1_000_000;
        }
    }

    @Nested
    @DisplayName("claims")
    class Claims {

        @Test
        void theFirstClaimWins(TestInfo test) {
            assertThat(claim(nodeA, key(test))).isEqualTo(Claim.WON);
            assertThat(leases.get(key(test)).holder()).isEqualTo("lease-a");
            assertThat(leases.get(key(test)).uncacheable()).isFalse();
        }

        @Test
        void anotherHolderFindsItHeld(TestInfo test) {
            claim(nodeA, key(test));

            assertThat(claim(nodeB, key(test))).isEqualTo(Claim.HELD);
            assertThat(leases.get(key(test)).holder()).isEqualTo("lease-a");
        }

        /** A lease left over from a fetch of this node that ended without releasing it. */
        @Test
        void theSameHolderTakesItsOwnLeaseOver(TestInfo test) {
            claim(nodeA, key(test));

            assertThat(claim(nodeA, key(test))).isEqualTo(Claim.WON);
            assertThat(claim(nodeB, key(test))).isEqualTo(Claim.HELD);
        }

        /** Hazelcast keeps expiry times in whole seconds; a lease must not end before lock-age even so. */
        @Test
        void theLeaseRunsForAtLeastLockAge(TestInfo test) {
            long claimed = System.currentTimeMillis();
            claim(nodeA, key(test));

            EntryView<String, Lease> view = leases.getEntryView(key(test));
            assertThat(view.getExpirationTime()).isGreaterThanOrEqualTo(claimed + LOCK_AGE.toMillis());
        }
    }

    @Nested
    @DisplayName("a won lease")
    class Held {

        @Test
        void isRenewedWhileHeldAndOutlivesLockAge(TestInfo test) {
            String key = key(test);
            claim(nodeA, key);
            RefreshLease.Held held = nodeA.hold(key, vertx.getOrCreateContext());

            // Unrenewed, it would be gone within lock-age and Hazelcast's second of expiry granularity.
            await().during(LOCK_AGE.plusMillis(1_200)).atMost(Duration.ofSeconds(5)).until(() -> leases.containsKey(key));
            assertThat(claim(nodeB, key)).isEqualTo(Claim.HELD);

            held.release().await();
            assertThat(leases.containsKey(key)).isFalse();
        }

        @Test
        void isRemovedByReleaseAndWakesAWatcherAtOnce(TestInfo test) {
            String key = key(test);
            RefreshLease.Watch watch = nodeB.watch(key, vertx.getOrCreateContext());
            claim(nodeA, key);
            assertThat(claim(nodeB, key)).isEqualTo(Claim.HELD);
            Woken woken = Woken.of(watch, 10_000);
            RefreshLease.Held held = nodeA.hold(key, vertx.getOrCreateContext());

            long released = System.nanoTime();
            held.release().await();

            await().atMost(Duration.ofSeconds(5)).until(woken::woke);
            System.out.printf("[measured] lease released: the watcher woke %d ms later%n", woken.millisAfter(released));
            assertThat(woken.millisAfter(released)).isLessThan(500);
            assertThat(leases.containsKey(key)).isFalse();
            assertThat(claim(nodeB, key)).isEqualTo(Claim.WON);
        }

        @Test
        void endsOnceOnly(TestInfo test) {
            String key = key(test);
            claim(nodeA, key);
            RefreshLease.Held held = nodeA.hold(key, vertx.getOrCreateContext());
            held.release().await();
            leases.executeOnKey(key, new LeaseUpdate(LeaseUpdate.Kind.CLAIM, "lease-b", 60_000));

            held.markUncacheable().await();
            held.release().await();

            assertThat(leases.get(key).holder()).isEqualTo("lease-b");
            assertThat(leases.get(key).uncacheable()).isFalse();
        }

        /** Varnish's hit-for-miss: the response could not be stored, so no one queues behind one fetch. */
        @Test
        void markedUncacheableMakesClaimsUncacheableAndWakesWatchers(TestInfo test) {
            String key = key(test);
            RefreshLease.Watch watch = nodeB.watch(key, vertx.getOrCreateContext());
            claim(nodeA, key);
            Woken woken = Woken.of(watch, 10_000);
            RefreshLease.Held held = nodeA.hold(key, vertx.getOrCreateContext());

            long marked = System.nanoTime();
            held.markUncacheable().await();

            await().atMost(Duration.ofSeconds(5)).until(woken::woke);
            assertThat(woken.millisAfter(marked)).isLessThan(500);
            assertThat(claim(nodeB, key)).isEqualTo(Claim.UNCACHEABLE);
            assertThat(claim(nodeA, key)).isEqualTo(Claim.UNCACHEABLE);
            assertThat(leases.getEntryView(key).getExpirationTime())
                    .isGreaterThanOrEqualTo(System.currentTimeMillis() + HIT_FOR_MISS.toMillis() - 5_000);
        }
    }

    @Nested
    @DisplayName("a lease no one renews")
    class Expiry {

        /** A holder that died without leaving the cluster: lock-age bounds the wait. */
        @Test
        void expiresAfterLockAgeAndWakesAWatcher(TestInfo test) {
            String key = key(test);
            Duration lockAge = Duration.ofMillis(300);
            RefreshLease silentHolder = lease(oldest.hazelcast(), "lease-a", lockAge);
            RefreshLease.Watch watch = nodeB.watch(key, vertx.getOrCreateContext());
            long claimed = System.nanoTime();
            claim(silentHolder, key);
            assertThat(claim(nodeB, key)).as("held for lock-age at least").isEqualTo(Claim.HELD);
            Woken woken = Woken.of(watch, 10_000);

            await().atMost(Duration.ofSeconds(5)).until(woken::woke);

            long waited = woken.millisAfter(claimed);
            System.out.printf("[measured] lease not renewed: the watcher woke %d ms after the claim (lock-age %d ms, "
                    + "expiry in whole seconds, checked every second)%n", waited, lockAge.toMillis());
            assertThat(waited).isGreaterThanOrEqualTo(lockAge.toMillis());
            assertThat(leases.containsKey(key)).isFalse();
            assertThat(claim(nodeB, key)).isEqualTo(Claim.WON);
        }

        @Test
        void aWatchThatSeesNothingTimesOutWithFalse(TestInfo test) {
            Future<Boolean> result = nodeB.watch(key(test), vertx.getOrCreateContext()).await(200);

            await().atMost(Duration.ofSeconds(5)).until(result::isComplete);
            assertThat(result.result()).isFalse();
        }
    }

    /** The entry processor's guards: only the holder renews or releases, and a hit-for-miss marker stays. */
    @Nested
    @DisplayName("a lease update")
    class Updates {

        private int update(String key, LeaseUpdate.Kind kind, String holder, long ttlMillis) {
            return leases.executeOnKey(key, new LeaseUpdate(kind, holder, ttlMillis));
        }

        private long expiresAt(String key) {
            return leases.getEntryView(key).getExpirationTime();
        }

        @Test
        void claimsForItsHolder(TestInfo test) {
            String key = key(test);

            assertThat(update(key, LeaseUpdate.Kind.CLAIM, "lease-a", 60_000)).isEqualTo(Claim.WON.ordinal());
            assertThat(update(key, LeaseUpdate.Kind.CLAIM, "lease-b", 60_000)).isEqualTo(Claim.HELD.ordinal());
            assertThat(leases.get(key).holder()).isEqualTo("lease-a");
        }

        @Test
        void renewsOnlyForTheHolder(TestInfo test) {
            String key = key(test);
            update(key, LeaseUpdate.Kind.CLAIM, "lease-a", 60_000);
            long claimedUntil = expiresAt(key);

            assertThat(update(key, LeaseUpdate.Kind.RENEW, "lease-b", 600_000)).isZero();
            assertThat(expiresAt(key)).isEqualTo(claimedUntil);

            assertThat(update(key, LeaseUpdate.Kind.RENEW, "lease-a", 600_000)).isOne();
            assertThat(expiresAt(key)).isGreaterThanOrEqualTo(claimedUntil + 500_000);
            assertThat(leases.get(key).holder()).isEqualTo("lease-a");
        }

        @Test
        void releasesOnlyForTheHolder(TestInfo test) {
            String key = key(test);
            update(key, LeaseUpdate.Kind.CLAIM, "lease-a", 60_000);

            assertThat(update(key, LeaseUpdate.Kind.RELEASE, "lease-b", 60_000)).isZero();
            assertThat(leases.get(key).holder()).isEqualTo("lease-a");

            assertThat(update(key, LeaseUpdate.Kind.RELEASE, "lease-a", 60_000)).isOne();
            assertThat(leases.containsKey(key)).isFalse();
        }

        @Test
        void changesNothingWithoutALease(TestInfo test) {
            String key = key(test);

            assertThat(update(key, LeaseUpdate.Kind.RENEW, "lease-a", 60_000)).isZero();
            assertThat(update(key, LeaseUpdate.Kind.RELEASE, "lease-a", 60_000)).isZero();
            assertThat(leases.containsKey(key)).isFalse();
        }

        @Test
        void leavesAHitForMissMarkerToRunOut(TestInfo test) {
            String key = key(test);
            update(key, LeaseUpdate.Kind.MARK_UNCACHEABLE, "lease-a", 60_000);
            long markedUntil = expiresAt(key);

            assertThat(update(key, LeaseUpdate.Kind.RENEW, "lease-a", 600_000)).isZero();
            assertThat(update(key, LeaseUpdate.Kind.RELEASE, "lease-a", 600_000)).isZero();
            assertThat(update(key, LeaseUpdate.Kind.CLAIM, "lease-a", 600_000)).isEqualTo(Claim.UNCACHEABLE.ordinal());
            assertThat(leases.get(key).uncacheable()).isTrue();
            assertThat(expiresAt(key)).isEqualTo(markedUntil);
        }
    }

    /**
     * A member that leaves will not finish its fetches: the oldest remaining member releases its
     * leases at once instead of after lock-age (invariant 3). The lock-age here is far longer than
     * the test, so only the release can wake the watcher in time.
     */
    @Nested
    @DisplayName("a departed member's leases")
    class DepartedMember {

        @Test
        void areReleasedByTheOldestMemberWhenItLeaves(TestInfo test) {
            String key = key(test);
            ClusterMember departing = member("lease-gone", Ports.free(), oldest.hazelcast().getCluster().getLocalMember()
                    .getAddress().getPort());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> oldest.hazelcast().getCluster().getMembers().size() == 2);
                RefreshLease onDeparting = new RefreshLease(departing.hazelcast(), "lease-gone", vertx,
                        Duration.ofMinutes(10), HIT_FOR_MISS);
                onDeparting.start();
                assertThat(onDeparting.claim(key, vertx.getOrCreateContext()).await()).isEqualTo(Claim.WON);
                String othersKey = key + "/of-another-holder";
                leases.executeOnKey(othersKey, new LeaseUpdate(LeaseUpdate.Kind.CLAIM, "lease-a", 600_000));
                RefreshLease.Watch watch = nodeB.watch(key, vertx.getOrCreateContext());
                assertThat(claim(nodeB, key)).isEqualTo(Claim.HELD);
                Woken woken = Woken.of(watch, 30_000);

                long terminated = System.nanoTime();
                departing.hazelcast().getLifecycleService().terminate();

                await().atMost(Duration.ofSeconds(20)).until(woken::woke);
                System.out.printf("[measured] lease holder's member terminated: its lease released %d ms later "
                        + "(lock-age 10 min)%n", woken.millisAfter(terminated));
                assertThat(leases.containsKey(key)).isFalse();
                assertThat(leases.get(othersKey).holder()).as("a lease of a member still there").isEqualTo("lease-a");
                assertThat(claim(nodeB, key)).isEqualTo(Claim.WON);
            } finally {
                departing.close();
            }
        }
    }
}
