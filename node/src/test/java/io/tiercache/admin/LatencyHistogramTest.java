package io.tiercache.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @ParameterizedTest(name = "{0} µs")
    @ValueSource(longs = {0, 63, 64, 95, 96, 127, 128, 1_000, 1_500, 12_345, 999_999, 30_000_000, 67_108_863})
    void everyDurationFallsInTheBucketThatSpansIt(long micros) {
        int index = LatencyHistogram.index(micros);

        assertThat(LatencyHistogram.lowerMicros(index)).isLessThanOrEqualTo(micros);
        assertThat(LatencyHistogram.upperMicros(index)).isGreaterThan(micros);
    }

    @Test
    void bucketsFollowEachOtherWithoutGaps() {
        for (int i = 1; i < LatencyHistogram.BUCKETS; i++) {
            assertThat(LatencyHistogram.lowerMicros(i)).as("bucket %d", i).isEqualTo(LatencyHistogram.upperMicros(i - 1));
        }
    }

    @Test
    void anythingOverAMinuteLandsInTheLastBucket() {
        assertThat(LatencyHistogram.index(3_600_000_000L)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void quantilesAreWithinAFifthOfTheTrueValue() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int millis = 1; millis <= 100; millis++) {
            histogram.record(millis * 1000L);
        }

        double median = LatencyHistogram.quantileMillis(histogram.counts(), 0.5);
        double p99 = LatencyHistogram.quantileMillis(histogram.counts(), 0.99);

        assertThat(median).isCloseTo(50, within(10.0));
        assertThat(p99).isCloseTo(99, within(20.0));
    }

    @Test
    void countsOfSeveralMembersMergeByAddingBuckets() {
        LatencyHistogram fast = new LatencyHistogram();
        LatencyHistogram slow = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            fast.record(2_000);
        }
        slow.record(800_000);
        long[] merged = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = fast.counts()[i] + slow.counts()[i];
        }

        assertThat(LatencyHistogram.quantileMillis(merged, 0.5)).isCloseTo(2, within(0.5));
        assertThat(LatencyHistogram.quantileMillis(merged, 1.0)).isCloseTo(800, within(160.0));
    }

    @Test
    void noDurationsHaveNoQuantile() {
        assertThat(LatencyHistogram.quantileMillis(new long[LatencyHistogram.BUCKETS], 0.5)).isNaN();
    }
}
