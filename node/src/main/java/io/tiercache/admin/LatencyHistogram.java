package io.tiercache.admin;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations counted in half-octave buckets (64 µs, 96, 128, 192, 256, ... up to about a minute), so
 * that members can publish their cumulative counts in a few dozen numbers and any member can merge
 * them into cluster-wide percentiles. A percentile is read as the middle of its bucket: within a
 * fifth of the true value, which is what a chart needs. Recording is one atomic increment.
 */
final class LatencyHistogram {

    /** Below 2^6 µs everything is one bucket; the last bucket holds everything from 2^26 µs (67 s). */
    private static final int FIRST_OCTAVE = 6;
    private static final int LAST_OCTAVE = 26;
    static final int BUCKETS = 2 * (LAST_OCTAVE - FIRST_OCTAVE) + 2;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet(index(micros));
    }

    /** Cumulative counts since this node started, by bucket. */
    long[] counts() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    static int index(long micros) {
        if (micros < (1L << FIRST_OCTAVE)) {
            return 0;
        }
        int octave = 63 - Long.numberOfLeadingZeros(micros);
        if (octave >= LAST_OCTAVE) {
            return BUCKETS - 1;
        }
        int upperHalf = (int) ((micros >>> (octave - 1)) & 1);
        return 2 * (octave - FIRST_OCTAVE) + upperHalf + 1;
    }

    static double lowerMicros(int index) {
        if (index == 0) {
            return 0;
        }
        int octave = FIRST_OCTAVE + (index - 1) / 2;
        return (1L << octave) * ((index - 1) % 2 == 0 ? 1.0 : 1.5);
    }

    static double upperMicros(int index) {
        if (index == 0) {
            return 1L << FIRST_OCTAVE;
        }
        return lowerMicros(index) * ((index - 1) % 2 == 0 ? 1.5 : 4.0 / 3.0);
    }

    /**
     * The q-quantile (0 < q ≤ 1) in milliseconds of the durations counted in {@code counts}, or
     * NaN when there are none.
     */
    static double quantileMillis(long[] counts, double q) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (lowerMicros(i) + upperMicros(i)) / 2 / 1000.0;
            }
        }
        return upperMicros(counts.length - 1) / 1000.0;
    }
}
