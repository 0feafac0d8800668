package dev.spool.api;

/** What {@link TaskQueue#retry} did. */
public enum RetryResult {
    /** The next attempt is scheduled. */
    SCHEDULED,
    /** That was the last permitted attempt: the task is now a dead letter carrying the error. */
    DEAD_LETTERED,
    /** The caller no longer held the lease (it expired and the task may run elsewhere): nothing changed. */
    LEASE_LOST,
    /**
     * The task had been cancelled while it ran ({@link CancelResult#REQUESTED}): it ended as
     * {@link TaskState#CANCELLED} instead of being retried.
     */
    CANCELLED
}
