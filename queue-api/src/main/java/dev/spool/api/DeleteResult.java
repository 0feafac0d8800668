package dev.spool.api;

/** What {@link QueueInspector#delete} did. */
public enum DeleteResult {
    /**
     * The task was scheduled, ready, a dead letter, or kept after it succeeded or was cancelled: it is gone
     * with everything it owned, in one atomic step, and no fetch returns it.
     */
    DELETED,
    /**
     * The task is running: nothing changed. Cancel it ({@link QueueInspector#cancel}) and delete it once its
     * worker has stopped it, if it is kept.
     */
    RUNNING,
    /** The queue holds no task of that id: nothing changed. */
    NOT_FOUND
}
