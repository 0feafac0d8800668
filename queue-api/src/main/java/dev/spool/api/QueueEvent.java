package dev.spool.api;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry of a queue's event log ({@link QueueInspector#events}): a state change of one task, written
 * by the backend in the same atomic step as the change itself, so the log never tells of a change that
 * did not happen. Read from any process with {@link Broker#events(String)} or
 * {@code spool events --queue Q [--follow]}.
 *
 * @param id      the event's id, increasing within the queue: pass it back to read what came after it.
 *                The same event of up to 20 tasks of one batch (enqueued, fetched or acknowledged in one
 *                call) is one entry of the log, and they share its id; a read never splits an entry
 * @param queue   the queue
 * @param kind    what happened
 * @param taskId  the task it happened to
 * @param at      when, by the broker's clock
 * @param attempt the attempt it concerns (started, retried, dead, cancelled, released); 0 where none applies
 * @param percent the reported percentage of a {@link Kind#PROGRESS} event; null otherwise
 * @param runAt   when a retried task, or a task enqueued with a delay, is due; null otherwise
 * @param error   the error of a {@link Kind#RETRIED} or {@link Kind#DEAD} event; null otherwise
 */
public record QueueEvent(String id, String queue, Kind kind, String taskId, Instant at, int attempt, Integer percent,
                         Instant runAt, String error) {

    /** What happened to the task. */
    public enum Kind {
        /** Stored (by enqueue, or a dead letter requeued), ready or scheduled. */
        ENQUEUED,
        /** Leased by a worker: an attempt began. */
        STARTED,
        /** Its handler reported progress. */
        PROGRESS,
        /** Acknowledged: it is done. */
        SUCCEEDED,
        /** Its attempt failed (or its lease ran out) and another is scheduled. */
        RETRIED,
        /** Handed back unstarted; the attempt did not count. */
        RELEASED,
        /** It became a dead letter. */
        DEAD,
        /** It was cancelled. */
        CANCELLED,
        /** A fetch found it past its {@link Task#expiresAt()} and dropped it, as it asked (else it is {@link #DEAD}). */
        EXPIRED;

        /** The lower-case name, as the backends store it and the CLI prints it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a stored label; null for one this version does not know (written by a newer one). */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            return null;
        }

        /** True for the kinds after which the task has no further events: succeeded, dead, cancelled, expired. */
        public boolean isFinal() {
            return this == SUCCEEDED || this == DEAD || this == CANCELLED || this == EXPIRED;
        }
    }
}
