package dev.spool.api;

/** What {@link QueueInspector#cancel} did. */
public enum CancelResult {
    /**
     * The task was scheduled or ready: it was removed in one atomic step and will never run. With a
     * {@link Task#retention()} it is kept as {@link TaskState#CANCELLED}.
     */
    CANCELLED,
    /**
     * The task is running: it is flagged, and the worker holding it learns of it within about a
     * second ({@link TaskQueue#cancelRequests}), makes {@link TaskContext#isCancelled()} true and
     * interrupts the handler. The attempt then ends as {@link TaskState#CANCELLED}, never retried;
     * a handler that returns before its worker learns of the cancel succeeds.
     */
    REQUESTED,
    /** The task is already final (a dead letter, or kept after it succeeded or was cancelled): nothing changed. */
    ALREADY_FINAL,
    /** The queue holds no task of that id: nothing changed. */
    NOT_FOUND
}
