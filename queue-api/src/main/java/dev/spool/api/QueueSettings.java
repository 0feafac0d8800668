package dev.spool.api;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

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
 * @param rate       at most so many tasks started per period across every worker, or null for no limit:
 *                   a fetch leases no more; the tasks held back stay ready, in order, their attempts not
 *                   counted
 * @param concurrency at most so many tasks of the queue in flight (leased) at once across every worker,
 *                   or 0 for no limit; a slot is freed when its task is acknowledged, retried, failed,
 *                   released or cancelled, or its lease runs out
 * @param typeLimits  limits on single task types within the queue, by type (at most {@value #MAX_TYPE_LIMITS});
 *                   they hold beside {@code rate} and {@code concurrency}: a task is leased only when both its
 *                   queue and its type have room, and a task held back by its type's limit does not hold back
 *                   the tasks of other types behind it (see {@link TypeLimit})
 */
public record QueueSettings(int eventsKept, Duration retention, RateLimit rate, int concurrency,
                            Map<String, TypeLimit> typeLimits) {
    /** The events kept by default. */
    public static final int DEFAULT_EVENTS_KEPT = 10_000;
    /** The most events a queue's log can keep. */
    public static final int MAX_EVENTS_KEPT = 1_000_000;
    /** What a queue never configured has. */
    public static final QueueSettings DEFAULTS = new QueueSettings(DEFAULT_EVENTS_KEPT, null, null, 0);
    /** The highest concurrency limit. */
    public static final int MAX_CONCURRENCY = 1_000_000;
    /** The most task types of one queue with limits of their own: every fetch reads them all. */
    public static final int MAX_TYPE_LIMITS = 100;

    /** Validates every field, naming the bad one and the bounds; {@code typeLimits} is copied (sorted by type). */
    public QueueSettings {
        if (eventsKept < 0 || eventsKept > MAX_EVENTS_KEPT) {
            throw new InvalidTaskException("eventsKept", "queue setting 'eventsKept' is " + eventsKept + "; use 0 (no event "
                    + "log) to " + MAX_EVENTS_KEPT + " (default " + DEFAULT_EVENTS_KEPT + ")");
        }
        if (retention != null && (retention.toMillis() < 1 || retention.compareTo(Task.MAX_RETENTION) > 0)) {
            throw new InvalidTaskException("retention", "queue setting 'retention' is " + retention + "; use 1 ms to "
                    + Task.MAX_RETENTION.toDays() + " days, or none not to keep finished tasks that set no retention");
        }
        if (concurrency < 0 || concurrency > MAX_CONCURRENCY) {
            throw new InvalidTaskException("concurrency", "queue setting 'concurrency' is " + concurrency + "; use 1 to "
                    + MAX_CONCURRENCY + " tasks in flight at once, or 0 for no limit");
        }
        TreeMap<String, TypeLimit> types = new TreeMap<>();
        if (typeLimits != null) {
            typeLimits.forEach((type, limit) -> {
                Task.requireType(type);
                if (limit == null) {
                    throw new InvalidTaskException("typeLimits", "the limit of type '" + type + "' is null; "
                            + "leave the type out to give it no limit");
                }
                types.put(type, limit);
            });
        }
        if (types.size() > MAX_TYPE_LIMITS) {
            throw new InvalidTaskException("typeLimits", "queue settings limit " + types.size() + " task types; "
                    + "at most " + MAX_TYPE_LIMITS + " types can have limits of their own in one queue");
        }
        typeLimits = Collections.unmodifiableMap(types);
    }

    /** Settings with limits on the queue as a whole and none on single types. */
    public QueueSettings(int eventsKept, Duration retention, RateLimit rate, int concurrency) {
        this(eventsKept, retention, rate, concurrency, Map.of());
    }

    /** Settings with an event log and a retention, and no limits. */
    public QueueSettings(int eventsKept, Duration retention) {
        this(eventsKept, retention, null, 0);
    }

    /** True when a rate or concurrency limit applies, to the queue or to one of its types. */
    public boolean limited() {
        return rate != null || concurrency > 0 || !typeLimits.isEmpty();
    }

    /** True when the queue keeps an event log. */
    public boolean eventsOn() {
        return eventsKept > 0;
    }

    /** These settings with {@code eventsKept} changed. */
    public QueueSettings withEventsKept(int n) {
        return new QueueSettings(n, retention, rate, concurrency, typeLimits);
    }

    /** These settings with {@code retention} changed (null for none). */
    public QueueSettings withRetention(Duration d) {
        return new QueueSettings(eventsKept, d, rate, concurrency, typeLimits);
    }

    /** These settings with the rate limit changed (null for none). */
    public QueueSettings withRate(RateLimit limit) {
        return new QueueSettings(eventsKept, retention, limit, concurrency, typeLimits);
    }

    /** These settings with the concurrency limit changed (0 for none). */
    public QueueSettings withConcurrency(int n) {
        return new QueueSettings(eventsKept, retention, rate, n, typeLimits);
    }

    /** These settings with the limits of task type {@code type} set, or lifted when {@code limit} is null. */
    public QueueSettings withTypeLimit(String type, TypeLimit limit) {
        TreeMap<String, TypeLimit> types = new TreeMap<>(typeLimits);
        if (limit == null) {
            types.remove(Task.requireType(type));
        } else {
            types.put(Task.requireType(type), limit);
        }
        return new QueueSettings(eventsKept, retention, rate, concurrency, types);
    }
}
