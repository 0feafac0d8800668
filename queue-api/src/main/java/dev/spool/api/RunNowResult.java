package dev.spool.api;

/** What {@link QueueInspector#runNow} did. */
public enum RunNowResult {
    /**
     * The task was {@link TaskState#SCHEDULED} (delayed, or waiting for a retry): it is ready now, where it
     * would be had its {@code runAt} just come (behind the ready tasks of its priority), with its attempts,
     * last error and unique key as they were.
     */
    READY,
    /** The task is in another state (ready, running, dead, or kept after it finished): nothing changed. */
    NOT_SCHEDULED,
    /** The queue holds no task of that id: nothing changed. */
    NOT_FOUND
}
