package dev.spool.api;

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
 */
public record QueueStats(String queue, long ready, long delayed, long inFlight, long dead,
                         long processed, long failed, long deadDropped, boolean paused, long expired) {

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
