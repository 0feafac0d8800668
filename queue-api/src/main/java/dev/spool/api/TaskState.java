package dev.spool.api;

import java.util.Locale;

/**
 * Where a task stands, as {@link QueueInspector#task} reports it. Names are lower case in the
 * command line and in JSON ({@link #label()}).
 */
public enum TaskState {
    /** Waiting for its {@code runAt}: enqueued with a delay, or a retry waiting for its backoff. */
    SCHEDULED,
    /** Can be fetched now (including a task handed back or whose lease ran out). */
    READY,
    /** Leased to a worker, whose lease has not run out yet. */
    RUNNING,
    /** A dead letter: it will not run again unless requeued. */
    DEAD,
    /**
     * Acknowledged: its handler finished, with the result it gave. Found only while its
     * {@link Task#retention()} lasts; without one, a finished task is forgotten at once.
     */
    SUCCEEDED,
    /**
     * Cancelled ({@link QueueInspector#cancel}) before it ran, or while it ran. Found only while its
     * {@link Task#retention()} lasts.
     */
    CANCELLED;

    /** True for a state the task does not leave by itself: {@link #DEAD}, {@link #SUCCEEDED}, {@link #CANCELLED}. */
    public boolean isFinal() {
        return this == DEAD || this == SUCCEEDED || this == CANCELLED;
    }

    /** The state's name in lower case, as the command line and JSON write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
