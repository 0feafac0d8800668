package dev.spool.api;

import java.time.Duration;

/**
 * The figures of one queue at one moment.
 *
 * @param queue     the queue's name
 * @param ready     tasks that can be fetched now
 * @param delayed   tasks waiting for their {@code runAt} (new delayed tasks and scheduled retries)
 * @param inFlight  tasks leased to a consumer
 * @param dead      dead letters
 * @param processed deliveries settled since the queue began: acknowledged, retried, failed, or expired
 * @param failed    of those, the ones that did not succeed (retried, failed, or expired)
 * @param deadDropped dead letters deleted by the backend's bounds ({@code dead.max-count},
 *                  {@code dead.max-age}) since the queue began: a rising figure means dead letters are
 *                  being lost unread
 * @param paused    true while fetch hands out nothing
 * @param expired   tasks a fetch found past their {@link Task#expiresAt()} since the queue began: made
 *                  dead letters, or dropped when they asked for it; never delivered
 * @param latency   how long the oldest ready task has been waiting: now less the moment it became ready
 *                  (it was enqueued, its {@code runAt} came, or it went back to the queue), by the backend's
 *                  clock; {@link Duration#ZERO} when nothing is ready. Judged without a scan, from the
 *                  task a fetch takes first at each priority and the first scheduled task whose
 *                  {@code runAt} has come (not yet moved to the ready tasks by a fetch). For a task that ran
 *                  before and was handed back or retried, redis-list counts from its enqueue (or
 *                  {@code runAt}) and redis-stream from when its entry was last written: an upper bound.
 *                  Never null or negative
 */
public record QueueStats(String queue, long ready, long delayed, long inFlight, long dead,
                         long processed, long failed, long deadDropped, boolean paused, long expired,
                         Duration latency) {

    /** Reads a null or negative latency (clocks a few ms apart) as {@link Duration#ZERO}. */
    public QueueStats {
        if (latency == null || latency.isNegative()) {
            latency = Duration.ZERO;
        }
    }

    /** The figures of a queue whose latency is not known: {@link Duration#ZERO}. */
    public QueueStats(String queue, long ready, long delayed, long inFlight, long dead, long processed, long failed,
                      long deadDropped, boolean paused, long expired) {
        this(queue, ready, delayed, inFlight, dead, processed, failed, deadDropped, paused, expired, Duration.ZERO);
    }

    /** The figures of a queue where no task expired. */
    public QueueStats(String queue, long ready, long delayed, long inFlight, long dead, long processed, long failed,
                      long deadDropped, boolean paused) {
        this(queue, ready, delayed, inFlight, dead, processed, failed, deadDropped, paused, 0);
    }

    /** Tasks the queue still holds that are not dead: ready + delayed + in flight. */
    public long pending() {
        return ready + delayed + inFlight;
    }
}
