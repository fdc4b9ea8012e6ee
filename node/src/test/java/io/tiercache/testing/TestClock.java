package io.tiercache.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall-clock time that a test can move forward, shared by a {@link TestOrigin} (its Date headers)
 * and the nodes in front of it (freshness, ages, stored times). A test that needs an entry to go
 * stale moves the clock past its expiry instead of waiting for it.
 */
public final class TestClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();
    /** While frozen, the millisecond the clock stands at; else -1. */
    private volatile long frozenAt = -1;

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offsetMillis.addAndGet(by.toMillis());
    }

    /** Stops the clock at the current millisecond, as a fast machine does for everything within one. */
    public void freeze() {
        frozenAt = millis();
    }

    /** Lets the clock run again; it goes on from the real time, so it never goes back. */
    public void thaw() {
        frozenAt = -1;
    }

    @Override
    public long millis() {
        long frozen = frozenAt;
        return frozen >= 0 ? frozen : System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is UTC");
    }
}
