package dev.spool.test;

import dev.spool.api.TaskInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The words of the kit's failure messages, in one place: a task by its id, type, queue and payload,
 * and where it stands, so that a failed assertion shows what was actually there.
 */
final class Describe {
    /** Longer payloads are cut in messages. */
    static final int PAYLOAD_CHARS = 200;
    /** Tasks listed in one message at most. */
    static final int MAX_LISTED = 10;

    private Describe() {
    }

    /** {@code task 01J… of type 'send_welcome' on queue 'mail'}. */
    static String task(Journal.Entry e) {
        return "task " + e.id + " of type '" + e.task.type() + "' on queue '" + e.queue + "'";
    }

    /** The JSON text, cut to {@value #PAYLOAD_CHARS} characters. */
    static String payload(String json) {
        return json.length() <= PAYLOAD_CHARS ? json : json.substring(0, PAYLOAD_CHARS) + "…(" + json.length() + " chars)";
    }

    /** A duration as people read it, to the millisecond: {@code 250ms}, {@code 1.5s}, {@code 10m}, {@code 1d 1h}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        StringBuilder out = new StringBuilder();
        part(out, ms / 86_400_000, "d");
        part(out, ms / 3_600_000 % 24, "h");
        part(out, ms / 60_000 % 60, "m");
        long seconds = ms / 1000 % 60;
        long millis = ms % 1000;
        if (millis > 0) {
            out.append(seconds).append('.').append(String.format("%03d", millis).replaceAll("0+$", "")).append("s ");
        } else {
            part(out, seconds, "s");
        }
        return out.toString().trim();
    }

    private static void part(StringBuilder out, long n, String unit) {
        if (n > 0) {
            out.append(n).append(unit).append(' ');
        }
    }

    /** Where the task stands, read by the caller under the journal's lock; {@code now} is the harness clock's time. */
    static String status(Journal.Entry e, Instant now) {
        return switch (e.outcome) {
            case SUCCEEDED -> "succeeded in attempt " + e.attempts + (e.retries == 0 ? "" : " after " + e.retries
                    + (e.retries == 1 ? " retry" : " retries"));
            case DEAD_LETTERED -> "dead-lettered" + (e.attempts == 0 ? "" : " after attempt " + e.attempts) + ": "
                    + e.deadReason;
            case CANCELLED -> "cancelled";
            case GONE -> "no longer in queue '" + e.queue + "', with no outcome seen (purged, cancelled, or dropped when "
                    + "it expired)";
            case REFUSED -> "refused as a duplicate of " + (e.duplicateOf == null ? "a task" : "task " + e.duplicateOf)
                    + " (unique key '" + e.task.uniqueKey() + "')";
            case PENDING -> pending(e, now);
        };
    }

    /** {@link #status} as the end of a sentence about the task: {@code it succeeded …}, {@code it is scheduled …}. */
    static String sentence(Journal.Entry e, Instant now) {
        String verb = e.outcome == Outcome.REFUSED || e.outcome == Outcome.DEAD_LETTERED || e.outcome == Outcome.CANCELLED
                ? "it was " : e.outcome == Outcome.SUCCEEDED ? "it " : "it is ";
        return verb + status(e, now);
    }

    private static String pending(Journal.Entry e, Instant now) {
        TaskInfo i = e.current;
        String where;
        if (i == null) {
            where = "pending";
        } else {
            where = switch (i.state()) {
                case SCHEDULED -> "scheduled for " + i.runAt() + " (in " + duration(Duration.between(now, i.runAt()))
                        + " by the harness clock)";
                case RUNNING -> "running, its lease held until " + i.leaseDeadline();
                default -> e.attempts == 0 ? "ready, never run" : "ready";
            };
        }
        if (e.retries > 0) {
            where += ", after " + e.retries + " failed attempt" + (e.retries == 1 ? "" : "s") + " (last: "
                    + e.errors.get(e.errors.size() - 1) + ")";
        }
        if (e.postponements > 0) {
            where += ", handed back " + e.postponements + " time" + (e.postponements == 1 ? "" : "s") + " to run later";
        }
        return where;
    }

    /** One line per task (at most {@value #MAX_LISTED}): {@code - task … {payload}: status}; "(none)" for none. */
    static String list(List<Journal.Entry> entries, Instant now) {
        if (entries.isEmpty()) {
            return " (none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < entries.size() && i < MAX_LISTED; i++) {
            Journal.Entry e = entries.get(i);
            out.append("\n  - ").append(task(e)).append(' ').append(payload(e.task.payload())).append(": ")
                    .append(status(e, now));
        }
        if (entries.size() > MAX_LISTED) {
            out.append("\n  … and ").append(entries.size() - MAX_LISTED).append(" more");
        }
        return out.toString();
    }
}
