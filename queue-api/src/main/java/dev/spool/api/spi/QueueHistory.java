package dev.spool.api.spi;

import dev.spool.api.HistoryPoint;
import dev.spool.api.HistoryScale;
import dev.spool.api.InvalidTaskException;
import dev.spool.api.QueueInspector;
import dev.spool.api.Task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every backend's {@link QueueInspector#history} shares: the checks of its arguments, the buckets
 * (a bucket is the number of whole steps since the epoch, so every backend and every process cuts time the
 * same way), the ring slot a bucket is kept in (a queue keeps {@link HistoryScale#points()} slots per scale,
 * whatever its age: a slot holding an older bucket is overwritten), and the points built from the counts a
 * backend reads.
 */
public final class QueueHistory {

    /** How a backend reads the counts of one bucket. */
    @FunctionalInterface
    public interface Counts {
        /**
         * The processed and failed counts of {@code bucket} ({@link #bucket}) of {@code scale}, as
         * {@code {processed, failed}}; null (or zeros) when nothing was settled in it, or its slot holds
         * another bucket.
         */
        long[] of(long bucket);
    }

    private QueueHistory() {
    }

    /** Checks the arguments of {@link QueueInspector#history}, naming the bad one and the fix. */
    public static void check(String queue, HistoryScale scale) {
        Task.requireQueueName(queue);
        if (scale == null) {
            throw new InvalidTaskException("scale", "history of queue '" + queue + "': the scale is null; give "
                    + "HistoryScale.MINUTES (the last 24 hours by minute) or HistoryScale.HOURS (the last 30 days by hour)");
        }
    }

    /** The bucket of {@code scale} holding the moment {@code epochMs}: whole steps since the epoch. */
    public static long bucket(HistoryScale scale, long epochMs) {
        return Math.floorDiv(epochMs, scale.step().toMillis());
    }

    /** The ring slot, 0 to {@code scale.points() - 1}, that {@code bucket} is kept in. */
    public static int slot(HistoryScale scale, long bucket) {
        return (int) Math.floorMod(bucket, (long) scale.points());
    }

    /**
     * The history of {@code scale} at {@code nowMs}: exactly {@link HistoryScale#points()} points, oldest
     * first, the last being the current bucket, each with the counts {@code counts} gives (zeros for none).
     */
    public static List<HistoryPoint> points(HistoryScale scale, long nowMs, Counts counts) {
        long step = scale.step().toMillis();
        long last = bucket(scale, nowMs);
        List<HistoryPoint> out = new ArrayList<>(scale.points());
        for (long b = last - scale.points() + 1; b <= last; b++) {
            long[] c = counts.of(b);
            long processed = c == null ? 0 : c[0];
            long failed = c == null ? 0 : Math.min(c[1], processed);
            out.add(new HistoryPoint(Instant.ofEpochMilli(b * step), processed, failed));
        }
        return List.copyOf(out);
    }
}
