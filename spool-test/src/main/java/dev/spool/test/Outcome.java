package dev.spool.test;

/** Where a task enqueued in a {@link SpoolHarness} stands, as {@link EnqueuedTask#outcome()} reports it. */
public enum Outcome {
    /** Not finished: ready, scheduled (a delay, a retry's backoff, a handler's "run later") or running. */
    PENDING,
    /** Its handler returned and the task was acknowledged. */
    SUCCEEDED,
    /** It became a dead letter: its last attempt failed, its handler threw {@code NonRetryableException}, its
     *  payload did not decode, no handler knew its type, or it expired. */
    DEAD_LETTERED,
    /** It was cancelled ({@code QueueInspector.cancel}) before it ran, or while it ran. */
    CANCELLED,
    /** It was never stored: {@code enqueue} refused it as a duplicate of a task holding the same unique key
     *  ({@link SpoolHarness#refused(String)} lists these). */
    REFUSED,
    /** The queue no longer holds it and the harness saw no outcome: it was purged, cancelled or dropped when it
     *  expired without a retention to keep it, or settled through a broker other than the harness's. */
    GONE
}
