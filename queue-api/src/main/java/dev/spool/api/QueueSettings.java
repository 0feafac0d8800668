package dev.spool.api;

import java.time.Duration;

/**
 * The settings of one queue, kept in the backend so that every process sees the same
 * ({@link QueueInspector#settings}, {@link QueueInspector#configure}; {@code spool configure}).
 *
 * @param eventsKept how many entries the queue's event log keeps (an entry is one event, or the same event
 *                   of up to 20 tasks of one batch; older ones are trimmed, roughly: Redis trims whole
 *                   stream nodes); 0 keeps no log at all, for the last few percent of throughput; at most
 *                   {@link #MAX_EVENTS_KEPT}
 * @param retention  how long a finished task is kept when it sets no {@link Task#retention()} of its own;
 *                   null keeps such tasks not at all (the default); at most {@link Task#MAX_RETENTION}
 */
public record QueueSettings(int eventsKept, Duration retention) {
    /** The events kept by default. */
    public static final int DEFAULT_EVENTS_KEPT = 10_000;
    /** The most events a queue's log can keep. */
    public static final int MAX_EVENTS_KEPT = 1_000_000;
    /** What a queue never configured has. */
    public static final QueueSettings DEFAULTS = new QueueSettings(DEFAULT_EVENTS_KEPT, null);

    /** Validates both fields, naming the bad one and the bounds. */
    public QueueSettings {
        if (eventsKept < 0 || eventsKept > MAX_EVENTS_KEPT) {
            throw new InvalidTaskException("eventsKept", "queue setting 'eventsKept' is " + eventsKept + "; use 0 (no event "
                    + "log) to " + MAX_EVENTS_KEPT + " (default " + DEFAULT_EVENTS_KEPT + ")");
        }
        if (retention != null && (retention.toMillis() < 1 || retention.compareTo(Task.MAX_RETENTION) > 0)) {
            throw new InvalidTaskException("retention", "queue setting 'retention' is " + retention + "; use 1 ms to "
                    + Task.MAX_RETENTION.toDays() + " days, or none not to keep finished tasks that set no retention");
        }
    }

    /** True when the queue keeps an event log. */
    public boolean eventsOn() {
        return eventsKept > 0;
    }

    /** These settings with {@code eventsKept} changed. */
    public QueueSettings withEventsKept(int n) {
        return new QueueSettings(n, retention);
    }

    /** These settings with {@code retention} changed (null for none). */
    public QueueSettings withRetention(Duration d) {
        return new QueueSettings(eventsKept, d);
    }
}
