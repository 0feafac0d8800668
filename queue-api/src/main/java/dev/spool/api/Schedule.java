package dev.spool.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A recurring task: every tick of a cron expression or of a fixed interval, a task made from
 * {@link #task()} is enqueued on {@link #queue()}. Registered with {@link Schedules#put}; fired once
 * per tick however many workers run ({@link Schedules#fireDue()}).
 *
 * <p>Cron expressions have six fields, seconds first ({@code second minute hour day-of-month month
 * day-of-week}, as in Spring: {@code 0 30 2 * * *} is 02:30:00 every day, {@code 0 0 9 * * MON-FRI}
 * 09:00 on weekdays), or five fields without seconds as in Unix cron ({@code 30 2 * * *}); they are
 * read in {@link #zone()} (UTC by default), so daylight saving time moves them as it moves clocks.
 * Interval ticks are whole multiples of the interval since 1970-01-01T00:00Z: {@code every 15m}
 * fires at :00, :15, :30 and :45.
 *
 * <p>Each fired task carries the headers {@value #SCHEDULE_HEADER} (the schedule's name) and
 * {@value #TICK_HEADER} (the tick, ISO-8601), and a unique key made of both, so a tick is never
 * enqueued twice.
 *
 * @param name   1 to 128 letters, digits and {@code _ . : -}; schedules are kept by name
 * @param queue  the queue the tasks go to
 * @param task   the template of every fired task: type, payload, headers, priority, max attempts,
 *               timeout, retention; no id, run time or unique key (each tick sets its own)
 * @param cron   the cron expression, or null for an interval schedule
 * @param zone   the time zone of {@code cron}; UTC for an interval schedule
 * @param every  the interval (at least 1 s), or null for a cron schedule
 * @param missed what to do with ticks missed while no worker ran
 */
public record Schedule(String name, String queue, Task task, String cron, ZoneId zone, Duration every, Missed missed) {
    /** The header naming the schedule a fired task came from. */
    public static final String SCHEDULE_HEADER = "spool-schedule";
    /** The header holding the tick (ISO-8601 instant) a fired task was enqueued for. */
    public static final String TICK_HEADER = "spool-tick";
    /** The shortest interval. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    /**
     * How late a tick may be fired and still count as on time: every such tick fires, each once (a
     * worker stalled for a few seconds catches up on a per-second schedule). An older one was missed,
     * and {@link #missed()} says what happens to it.
     */
    public static final Duration MISSED_AFTER = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile(Task.NAME_PATTERN + "{1," + Task.MAX_NAME_LENGTH + "}");

    /**
     * What a schedule does with ticks missed: not fired within {@link #MISSED_AFTER}, because no worker
     * ran (or none could reach the backend).
     */
    public enum Missed {
        /**
         * The default: the ticks missed fire once, as the latest of them (a nightly task missed at 02:00
         * by workers back at 08:00 runs at 08:00, once; a per-second one down for an hour fires once for
         * that hour, then for each tick of the last minute).
         */
        ONCE,
        /** They are skipped: the schedule carries on with the ticks of the last minute and the next ones. */
        SKIP
    }

    /** Checks every field: the error names the schedule, the field and the fix. */
    public Schedule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidTaskException("name", "schedule name " + (name == null ? "null" : "'" + name + "'")
                    + " must be 1 to " + Task.MAX_NAME_LENGTH + " letters, digits and _ . : - (for example nightly-report)");
        }
        Task.requireQueueName(queue);
        if (task == null) {
            throw new InvalidTaskException("task", "schedule '" + name + "' has no task; give a template such as "
                    + "Task.of(\"report\", \"{}\")");
        }
        requireTemplate(name, task);
        missed = missed == null ? Missed.ONCE : missed;
        if ((cron == null) == (every == null)) {
            throw new InvalidTaskException("cron", "schedule '" + name + "' needs exactly one of a cron expression "
                    + "(for example '0 30 2 * * *') and an interval (for example every 15m); it has "
                    + (cron == null ? "neither" : "both"));
        }
        if (every != null) {
            if (every.compareTo(MIN_EVERY) < 0) {
                throw new InvalidTaskException("every", "schedule '" + name + "' has the interval " + every
                        + "; use at least " + Durations.format(MIN_EVERY));
            }
            if (zone != null && !zone.normalized().equals(ZoneOffset.UTC)) {
                throw new InvalidTaskException("zone", "schedule '" + name + "' has a time zone (" + zone
                        + ") and an interval; a zone applies to cron expressions only, drop it");
            }
            zone = ZoneOffset.UTC;
        } else {
            cron = cron.trim();
            zone = zone == null ? ZoneOffset.UTC : zone;
            ScheduleTicks.check(name, cron, zone);
        }
    }

    /** A builder of a schedule called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The time zone {@code id} ({@code Europe/Berlin}, {@code UTC}, {@code +02:00}); the error names the schedule. */
    public static ZoneId zone(String name, String id) {
        try {
            return ZoneId.of(Objects.requireNonNull(id, "zone"));
        } catch (DateTimeException | NullPointerException e) {
            throw new InvalidTaskException("zone", "schedule '" + name + "': the time zone '" + id + "' is not known ("
                    + e.getMessage() + "); use a region such as Europe/Berlin or America/New_York, or UTC");
        }
    }

    /** "cron '0 30 2 * * *' in Europe/Berlin" or "every 15m": how the schedule ticks, for people. */
    public String describe() {
        return cron != null ? "cron '" + cron + "' in " + zone.getId() : "every " + Durations.format(every);
    }

    private static void requireTemplate(String name, Task t) {
        String set = t.id() != null ? "an id" : t.runAt() != null ? "a run time" : t.uniqueKey() != null ? "a unique key"
                : t.createdAt() != null ? "a creation time" : t.attempt() != 0 ? "an attempt count" : null;
        if (set != null) {
            throw new InvalidTaskException("task", "the task template of schedule '" + name + "' has " + set
                    + "; leave it unset: each tick gets its own");
        }
        if (t.headers().containsKey(SCHEDULE_HEADER) || t.headers().containsKey(TICK_HEADER)) {
            throw new InvalidTaskException("headers", "the task template of schedule '" + name + "' sets the header "
                    + SCHEDULE_HEADER + " or " + TICK_HEADER + "; these are set on each fired task, drop them");
        }
        if (t.headers().size() > Task.MAX_HEADERS - 2) {
            throw new InvalidTaskException("headers", "the task template of schedule '" + name + "' has "
                    + t.headers().size() + " headers; use at most " + (Task.MAX_HEADERS - 2) + " (each fired task adds 2)");
        }
    }

    /** Collects a schedule's fields; {@link #build()} checks them. */
    public static final class Builder {
        private final String name;
        private String queue = "default";
        private Task task;
        private String cron;
        private ZoneId zone;
        private Duration every;
        private Missed missed = Missed.ONCE;

        private Builder(String name) {
            this.name = name;
        }

        /** The queue the tasks go to (default: {@code default}). */
        public Builder queue(String queue) { this.queue = queue; return this; }
        /** The template of every fired task. */
        public Builder task(Task template) { this.task = template; return this; }
        /** Fires on the ticks of {@code expression} (see the class comment); replaces any interval. */
        public Builder cron(String expression) { this.cron = expression; this.every = null; return this; }
        /** The time zone of the cron expression (default UTC). */
        public Builder zone(ZoneId zone) { this.zone = zone; return this; }
        /** The time zone of the cron expression by its id, such as {@code Europe/Berlin}. */
        public Builder zone(String id) { this.zone = Schedule.zone(name, id); return this; }
        /** Fires every {@code interval}; replaces any cron expression. */
        public Builder every(Duration interval) { this.every = interval; this.cron = null; return this; }
        /** What to do with ticks missed while no worker ran (default {@link Missed#ONCE}). */
        public Builder missed(Missed missed) { this.missed = missed; return this; }

        /** Checks and builds the schedule. */
        public Schedule build() {
            return new Schedule(name, queue, task, cron, zone, every, missed);
        }
    }
}
