package dev.spool.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The queues that rest after a failed fetch, each on its own backoff: 1 s after the first failure,
 * doubled per failure in a row up to 30 s, plus up to 20 % jitter. A fetch that works again ends
 * the queue's rest. Real elapsed time (like a fetch's wait), read from {@code nanos}. Used by the
 * fetch thread only.
 */
final class QueueBackoff {
    static final long FIRST_MS = 1_000;
    static final long MAX_MS = 30_000;

    /** One queue's rest: its step (the delay before jitter) and when it ends. */
    private record Rest(long stepMs, long untilNanos) {
    }

    private final Map<String, Rest> resting = new HashMap<>();
    private final LongSupplier nanos;
    private final RandomGenerator random;

    QueueBackoff(LongSupplier nanos, RandomGenerator random) {
        this.nanos = nanos;
        this.random = random;
    }

    /** True while {@code queue} rests after a failed fetch. */
    boolean resting(String queue) {
        Rest r = resting.get(queue);
        return r != null && nanos.getAsLong() - r.untilNanos < 0;
    }

    /** Records a failed fetch of {@code queue}; returns how long it now rests, in milliseconds. */
    long failed(String queue) {
        Rest before = resting.get(queue);
        long step = before == null ? FIRST_MS : Math.min(before.stepMs * 2, MAX_MS);
        long ms = step + random.nextLong(step / 5 + 1);
        resting.put(queue, new Rest(step, nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(ms)));
        return ms;
    }

    /** Records a fetch of {@code queue} that worked; true when it had failed before. */
    boolean succeeded(String queue) {
        return !resting.isEmpty() && resting.remove(queue) != null;
    }

    /** Milliseconds until the first of {@code queues} stops resting (0 when one does not rest). */
    long millisUntilFirstReady(Collection<String> queues) {
        long now = nanos.getAsLong();
        long min = Long.MAX_VALUE;
        for (String q : queues) {
            Rest r = resting.get(q);
            long left = r == null ? 0 : Math.max(0, r.untilNanos - now);
            min = Math.min(min, left);
        }
        return min == Long.MAX_VALUE ? 0 : TimeUnit.NANOSECONDS.toMillis(min + 999_999);
    }
}
