package dev.spool.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, so lease expiry, delays and uniqueness windows
 * are tested in microseconds instead of seconds. Thread-safe. It starts at the real time (to the
 * millisecond), so a backend that wrongly mixes real and test time still sees plausible values.
 */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    /** A clock standing at the current real time. */
    public TestClock() {
        this(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /** A clock standing at {@code start}. */
    public TestClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a test clock only moves forward; got " + d);
        }
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is always UTC");
    }
}
