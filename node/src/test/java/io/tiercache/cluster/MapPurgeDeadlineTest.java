package io.tiercache.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a purge's answer waits for the shared map's purge. Before, it stopped at the ack timeout
 * however the purge went, so a tag purge of 100,000 entries (~5-7 s on a busy 2-core machine)
 * answered {@code applied: false, purged: 0} although nothing hung.
 */
class MapPurgeDeadlineTest {

    private static final long SECOND = 1_000_000_000L;
    private final MapPurgeDeadline deadline = new MapPurgeDeadline(100 * SECOND, 5 * SECOND, 60 * SECOND);

    @Test
    @DisplayName("with no part finished, the wait ends one idle time after it began")
    void endsAfterTheIdleTimeWithoutProgress() {
        assertThat(deadline.remaining(101 * SECOND, 0)).isEqualTo(4 * SECOND);
        assertThat(deadline.remaining(105 * SECOND, 0)).isZero();
    }

    @Test
    @DisplayName("every part that finishes gives the wait another idle time")
    void progressKeepsItWaiting() {
        assertThat(deadline.remaining(105 * SECOND, 104 * SECOND)).isEqualTo(4 * SECOND);
        assertThat(deadline.remaining(112 * SECOND, 111 * SECOND)).isEqualTo(4 * SECOND);
        assertThat(deadline.remaining(117 * SECOND, 111 * SECOND)).as("stopped progressing: a member hangs").isZero();
    }

    @Test
    @DisplayName("however it progresses, the wait ends after the longest time")
    void endsAfterTheLongestTimeEvenWhileProgressing() {
        assertThat(deadline.remaining(158 * SECOND, 158 * SECOND)).isEqualTo(2 * SECOND);
        assertThat(deadline.remaining(160 * SECOND, 160 * SECOND)).isZero();
    }
}
