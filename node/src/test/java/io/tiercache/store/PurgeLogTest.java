package io.tiercache.store;

import io.tiercache.store.PurgeLog.Purge;
import io.tiercache.store.PurgeLog.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tiercache.store.Responses.HOST;
import static io.tiercache.store.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict that keeps a fetch straddling a purge from being served as fresh (invariant 2): a
 * response is dated with the last purge sequence applied when its fetch began (its purge epoch),
 * and only purges after that date can cover it.
 */
@DisplayName("PurgeLog: did a purge after this response's fetch began cover it?")
class PurgeLogTest {

    private static final PurgeScope BLOG = PurgeScope.url(HOST, "/blog/post");
    private static final PurgeScope ELSEWHERE = PurgeScope.url(HOST, "/shop/cart");

    private final PurgeLog log = new PurgeLog();

    private static Purge hard(long sequence, PurgeScope scope) {
        return new Purge(sequence, scope, false);
    }

    private static Purge soft(long sequence, PurgeScope scope) {
        return new Purge(sequence, scope, true);
    }

    @Test
    void aFetchThatBeganBeforeAMatchingHardPurgeIsPurged() {
        log.record(hard(5, BLOG));

        assertThat(log.verdict(response("/blog/post", 4))).isEqualTo(Verdict.PURGED);
        assertThat(log.verdict(response("/blog/post", -1))).isEqualTo(Verdict.PURGED);
    }

    @Test
    void aFetchThatBeganBeforeAMatchingSoftPurgeIsSoftPurged() {
        log.record(soft(5, BLOG));

        assertThat(log.verdict(response("/blog/post", 4))).isEqualTo(Verdict.SOFT_PURGED);
    }

    /** A fetch that began once purge 5 was applied records epoch 5: purge 5 was in the map before it. */
    @Test
    void aFetchThatBeganAfterThePurgeIsCurrent() {
        log.record(hard(5, BLOG));

        assertThat(log.appliedSequence()).isEqualTo(5);
        assertThat(log.verdict(response("/blog/post", 5))).isEqualTo(Verdict.CURRENT);
        assertThat(log.verdict(response("/blog/post", 9))).isEqualTo(Verdict.CURRENT);
    }

    @Test
    void aPurgeThatDoesNotMatchLeavesTheResponseCurrent() {
        log.record(hard(5, ELSEWHERE));
        log.record(soft(6, ELSEWHERE));

        assertThat(log.verdict(response("/blog/post", 4))).isEqualTo(Verdict.CURRENT);
    }

    @Test
    void aHardPurgeWinsOverASoftOneWhenBothCoverTheResponse() {
        log.record(hard(5, BLOG));
        log.record(soft(6, BLOG));
        assertThat(log.verdict(response("/blog/post", 4))).isEqualTo(Verdict.PURGED);

        PurgeLog softLast = new PurgeLog();
        softLast.record(soft(5, BLOG));
        softLast.record(hard(6, BLOG));
        assertThat(softLast.verdict(response("/blog/post", 4))).isEqualTo(Verdict.PURGED);
    }

    @Test
    void onlyThePurgesAfterTheEpochCount() {
        log.record(hard(5, BLOG));
        log.record(soft(7, BLOG));

        assertThat(log.verdict(response("/blog/post", 6))).isEqualTo(Verdict.SOFT_PURGED);
        assertThat(log.verdict(response("/blog/post", 7))).isEqualTo(Verdict.CURRENT);
    }

    @Test
    void anyPartOfTheScopeCovers() {
        log.record(hard(5, new PurgeScope(List.of(), List.of("/shop/"), List.of("product-7"), null)));

        assertThat(log.verdict(response("/blog/post", 4, "product-7"))).isEqualTo(Verdict.PURGED);
        assertThat(log.verdict(response("/shop/cart", 4))).isEqualTo(Verdict.PURGED);
        assertThat(log.verdict(response("/blog/post", 4, "product-8"))).isEqualTo(Verdict.CURRENT);
    }

    /** Where the purge topic stood when the node joined: everything before is in the map already. */
    @Test
    void startingAtASequenceAppliesItToNewFetchesWithoutPurges() {
        log.startAt(100);

        assertThat(log.appliedSequence()).isEqualTo(100);
        assertThat(log.verdict(response("/blog/post", 3))).isEqualTo(Verdict.CURRENT);
        log.record(hard(101, BLOG));
        assertThat(log.verdict(response("/blog/post", 100))).isEqualTo(Verdict.PURGED);
    }

    @Test
    void startingAtAnEarlierSequenceNeverMovesTheLogBack() {
        log.record(hard(50, BLOG));
        log.startAt(10);

        assertThat(log.appliedSequence()).isEqualTo(50);
        assertThat(log.verdict(response("/blog/post", 20))).isEqualTo(Verdict.PURGED);
    }

    /** After a split-brain merge the other side's sequences do not compare with this log's. */
    @Test
    void restartingForgetsEveryPurge() {
        log.record(hard(50, BLOG));
        log.restartAt(7);

        assertThat(log.appliedSequence()).isEqualTo(7);
        assertThat(log.verdict(response("/blog/post", 3))).isEqualTo(Verdict.CURRENT);
        log.record(soft(8, BLOG));
        assertThat(log.verdict(response("/blog/post", 7))).isEqualTo(Verdict.SOFT_PURGED);
    }

    @Test
    void keepsTheLastRetentionPurgesAndForgetsOlderOnes() {
        log.record(hard(0, BLOG));
        log.record(soft(1, BLOG));
        for (long sequence = 2; sequence < PurgeLog.RETENTION; sequence++) {
            log.record(hard(sequence, ELSEWHERE));
        }
        assertThat(log.verdict(response("/blog/post", -1))).as("hard purge 0 is the oldest of RETENTION")
                .isEqualTo(Verdict.PURGED);

        log.record(hard(PurgeLog.RETENTION, ELSEWHERE));

        assertThat(log.verdict(response("/blog/post", -1))).as("hard purge 0 forgotten, soft purge 1 retained")
                .isEqualTo(Verdict.SOFT_PURGED);
        assertThat(log.appliedSequence()).isEqualTo(PurgeLog.RETENTION);
    }

    /**
     * A response read from the map that is older than every purge the log retains is CURRENT: every
     * purge reached the map, and writes in flight were purged again, so no purged entry is left.
     */
    @Test
    void judgesAResponseReadOlderThanEveryRetainedPurgeCurrent() {
        log.record(hard(0, BLOG));
        for (long sequence = 1; sequence <= PurgeLog.RETENTION; sequence++) {
            log.record(hard(sequence, ELSEWHERE));
        }

        assertThat(log.verdict(response("/blog/post", -1))).isEqualTo(Verdict.CURRENT);
    }

    /**
     * Invariant 2 under the fetch/purge race, past the log's memory: a fetch that began before purges
     * the log has let go of may be covered by one of them, which cannot be told any more, so it is not
     * stored. A fetch that began after them is judged as usual.
     */
    @Test
    void refusesToStoreAFetchThatBeganBeforeForgottenPurges() {
        log.record(hard(0, BLOG));
        for (long sequence = 1; sequence <= PurgeLog.RETENTION; sequence++) {
            log.record(hard(sequence, ELSEWHERE));
        }

        assertThat(log.storeVerdict(response("/blog/post", -1))).isEqualTo(Verdict.PURGED);
        assertThat(log.storeVerdict(response("/elsewhere/other", -1))).isEqualTo(Verdict.PURGED);
        assertThat(log.storeVerdict(response("/blog/post", 0))).isEqualTo(Verdict.CURRENT);
        assertThat(log.storeVerdict(response("/blog/post", PurgeLog.RETENTION))).isEqualTo(Verdict.CURRENT);
    }

    /**
     * Big purges are let go of by size too: ten thousand purges of 10,000 URLs would hold ~13 GB. Only
     * purges older than SETTLED_AFTER go early (their map purge is over by then); a fetch that began
     * before one of them is then not stored, as with any forgotten purge.
     */
    @Test
    void forgetsOldBigPurgesByTheirSizeButKeepsRecentOnes() {
        long[] now = {0};
        PurgeLog sized = new PurgeLog(() -> now[0]);
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            many.add("/big/" + i);
        }
        PurgeScope big = new PurgeScope(many, List.of(), List.of(), null);
        sized.record(hard(0, BLOG));
        for (long sequence = 1; sequence <= 4; sequence++) {
            sized.record(hard(sequence, big));
        }
        assertThat(sized.retained()).as("240,000 items, but none is old enough to let go of").isEqualTo(5);
        assertThat(sized.verdict(response("/blog/post", -1))).isEqualTo(Verdict.PURGED);

        now[0] += PurgeLog.SETTLED_AFTER_NANOS;
        sized.record(hard(5, ELSEWHERE));

        assertThat(sized.retained()).as("back within RETAINED_ITEMS, oldest first").isEqualTo(4);
        assertThat(sized.verdict(response("/big/7", 2))).isEqualTo(Verdict.PURGED);
        assertThat(sized.storeVerdict(response("/blog/post", -1))).as("began before a forgotten purge")
                .isEqualTo(Verdict.PURGED);
        assertThat(sized.storeVerdict(response("/blog/post", 2))).isEqualTo(Verdict.CURRENT);
    }
}
