package dev.spool.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until it is told to move, and then only forward: the clock of a
 * {@link SpoolHarness}'s broker, so that delays, retry backoffs, leases and expiry pass in a test
 * without waiting. Thread-safe; clocks made by {@link #withZone} share its time.
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start} (kept to the millisecond, as the backends keep time), in UTC. */
    public static ManualClock startingAt(Instant start) {
        Objects.requireNonNull(start, "start");
        return new ManualClock(new AtomicReference<>(start.truncatedTo(ChronoUnit.MILLIS)), ZoneOffset.UTC);
    }

    /** A clock standing at the system's time now, in UTC. */
    public static ManualClock startingNow() {
        return startingAt(Instant.now());
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** This clock's time seen in {@code zone}: advancing either moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Moves the time forward by {@code d}.
     *
     * @throws IllegalArgumentException when {@code d} is negative: time only moves forward
     */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("a ManualClock only moves forward; advance(" + d + ") would move it back");
        }
        now.updateAndGet(t -> t.plus(d));
    }

    /**
     * Moves the time forward to {@code t}, or leaves it where it is when it is there already or later.
     *
     * @return how far the time moved (zero when it did not)
     */
    public Duration advanceTo(Instant t) {
        Objects.requireNonNull(t, "t");
        Instant target = t.truncatedTo(ChronoUnit.MILLIS).equals(t) ? t : t.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        Instant before = now.getAndUpdate(cur -> cur.isBefore(target) ? target : cur);
        return before.isBefore(target) ? Duration.between(before, target) : Duration.ZERO;
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
