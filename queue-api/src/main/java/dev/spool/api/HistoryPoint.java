package dev.spool.api;

import java.time.Instant;

/**
 * One bucket of a queue's throughput history ({@link QueueInspector#history}): what the queue settled
 * from {@code start} for one {@link HistoryScale#step()}. The figures mean what the totals of
 * {@link QueueStats} mean, counted in the same step as those totals.
 *
 * @param start     the beginning of the bucket, on a whole minute or hour (of the backend's clock: the
 *                  Redis server's time on the Redis backends)
 * @param processed deliveries settled in the bucket: acknowledged, retried, failed, or whose lease expired
 * @param failed    of those, the ones that did not succeed
 */
public record HistoryPoint(Instant start, long processed, long failed) {

    /** Checks that the start is given and the counts are not negative, and that failed is within processed. */
    public HistoryPoint {
        if (start == null) {
            throw new IllegalArgumentException("a history point needs its start");
        }
        if (processed < 0 || failed < 0 || failed > processed) {
            throw new IllegalArgumentException("history point at " + start + ": processed " + processed + " and failed "
                    + failed + " must be 0 or more, failed no more than processed");
        }
    }

    /** The deliveries of the bucket that succeeded: {@code processed - failed}. */
    public long succeeded() {
        return processed - failed;
    }
}
