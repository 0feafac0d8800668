package dev.spool.redis.core;

import dev.spool.api.QueueEvent;
import dev.spool.api.QueueSettings;
import dev.spool.api.RateLimit;
import dev.spool.api.Task;
import dev.spool.api.TypeLimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's settings and event log as both Redis adapters keep them (see {@code events.lua}): the
 * settings hash's fields, and one event stream entry as a {@link QueueEvent}.
 */
public final class EventRecords {
    /** The settings hash's field of the events kept. */
    public static final String EVENTS_FIELD = "events";
    /** The settings hash's field of the queue's retention, ms ("0" for none). */
    public static final String RETENTION_FIELD = "retention";
    /** The settings hash's field of the rate limit, {@code "<count> <period ms>"} ("0" for none). */
    public static final String RATE_FIELD = "rate";
    /** The settings hash's field of the concurrency limit ("0" for none). */
    public static final String CONCURRENCY_FIELD = "concurrency";
    /**
     * The settings hash's field of the limits on single task types: a line per type,
     * {@code "<type> <rate count> <rate period ms> <concurrency>"} (0 for no such limit); empty for none.
     */
    public static final String TYPES_FIELD = "types";
    /** Every field of the settings hash, in the order events.lua reads them. */
    public static final List<String> SETTINGS_FIELDS = List.of(EVENTS_FIELD, RETENTION_FIELD, RATE_FIELD, CONCURRENCY_FIELD,
            TYPES_FIELD);

    private EventRecords() {
    }

    /**
     * The settings from the hash's fields (absent ones take their default). A field that does not read
     * as its kind reads as its default, as it does in the scripts.
     */
    public static QueueSettings settings(Map<String, String> f) {
        int kept = QueueSettings.DEFAULT_EVENTS_KEPT;
        Duration rt = null;
        RateLimit rate = null;
        int concurrency = 0;
        try {
            if (f.get(EVENTS_FIELD) != null) {
                kept = Math.max(0, Math.min(QueueSettings.MAX_EVENTS_KEPT, Integer.parseInt(f.get(EVENTS_FIELD))));
            }
        } catch (NumberFormatException e) {
            kept = QueueSettings.DEFAULT_EVENTS_KEPT;
        }
        try {
            long ms = f.get(RETENTION_FIELD) == null ? 0 : Long.parseLong(f.get(RETENTION_FIELD));
            rt = ms > 0 ? Duration.ofMillis(Math.min(ms, Task.MAX_RETENTION.toMillis())) : null;
        } catch (NumberFormatException e) {
            rt = null;
        }
        try {
            String[] r = f.getOrDefault(RATE_FIELD, "0").split(" ");
            rate = r.length == 2 ? RateLimit.of(Integer.parseInt(r[0]), Duration.ofMillis(Long.parseLong(r[1]))) : null;
        } catch (RuntimeException e) { // NumberFormatException, or out of RateLimit's bounds
            rate = null;
        }
        try {
            concurrency = Math.max(0, Math.min(QueueSettings.MAX_CONCURRENCY,
                    Integer.parseInt(f.getOrDefault(CONCURRENCY_FIELD, "0"))));
        } catch (NumberFormatException e) {
            concurrency = 0;
        }
        return new QueueSettings(kept, rt, rate, concurrency, typeLimits(f.get(TYPES_FIELD)));
    }

    /** The type limits of the types field; a line that does not read is left out, as the scripts leave it. */
    private static Map<String, TypeLimit> typeLimits(String field) {
        Map<String, TypeLimit> out = new TreeMap<>();
        for (String line : field == null ? new String[0] : field.split("\n")) {
            String[] v = line.split(" ");
            try {
                int count = Integer.parseInt(v[1]);
                int concurrency = Integer.parseInt(v[3]);
                RateLimit rate = count > 0 ? RateLimit.of(count, Duration.ofMillis(Long.parseLong(v[2]))) : null;
                if (out.size() < QueueSettings.MAX_TYPE_LIMITS) {
                    out.put(Task.requireType(v[0]), new TypeLimit(rate, concurrency));
                }
            } catch (RuntimeException e) { // too few words, not numbers, or out of bounds
                // left out
            }
        }
        return out;
    }

    private static String typeLimitsField(Map<String, TypeLimit> limits) {
        StringBuilder b = new StringBuilder();
        limits.forEach((type, l) -> b.append(b.length() == 0 ? "" : "\n").append(type).append(' ')
                .append(l.rate() == null ? "0 0" : l.rate().count() + " " + l.rate().period().toMillis())
                .append(' ').append(l.concurrency()));
        return b.toString();
    }

    /** The hash's fields for {@code s}. */
    public static Map<String, String> fields(QueueSettings s) {
        return Map.of(EVENTS_FIELD, Integer.toString(s.eventsKept()),
                RETENTION_FIELD, s.retention() == null ? "0" : Long.toString(s.retention().toMillis()),
                RATE_FIELD, s.rate() == null ? "0" : s.rate().count() + " " + s.rate().period().toMillis(),
                CONCURRENCY_FIELD, Integer.toString(s.concurrency()),
                TYPES_FIELD, typeLimitsField(s.typeLimits()));
    }

    /**
     * One entry of the event stream as its events, added to {@code out}: one, or one per task of a batch
     * entry ({@code ids}, {@code as}), all with the entry's id. An entry this version cannot read (a kind
     * a newer version added, or one written by hand) adds nothing.
     */
    public static void parse(String queue, String id, Map<String, String> f, List<QueueEvent> out) {
        String ids = f.get("ids");
        if (ids == null) {
            QueueEvent e = parseOne(queue, id, f);
            if (e != null) {
                out.add(e);
            }
            return;
        }
        QueueEvent.Kind kind = QueueEvent.Kind.of(f.get("e"));
        Long at = number(f.get("at"));
        if (kind == null || at == null) {
            return;
        }
        String[] tasks = ids.split(" ");
        String[] attempts = f.get("as") == null ? new String[0] : f.get("as").split(" ");
        for (int i = 0; i < tasks.length; i++) {
            Long a = i < attempts.length ? number(attempts[i]) : null;
            out.add(new QueueEvent(id, queue, kind, tasks[i], Instant.ofEpochMilli(at), a == null ? 0 : a.intValue(),
                    null, null, null));
        }
    }

    private static QueueEvent parseOne(String queue, String id, Map<String, String> f) {
        QueueEvent.Kind kind = QueueEvent.Kind.of(f.get("e"));
        String task = f.get("id");
        Long at = number(f.get("at"));
        if (kind == null || task == null || at == null) {
            return null;
        }
        Long attempt = number(f.get("a"));
        Long percent = number(f.get("p"));
        Long run = number(f.get("run"));
        return new QueueEvent(id, queue, kind, task, Instant.ofEpochMilli(at), attempt == null ? 0 : attempt.intValue(),
                percent == null ? null : percent.intValue(), run == null ? null : Instant.ofEpochMilli(run), f.get("err"));
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return (long) Double.parseDouble(s); // Lua may write a large number as 1.7e+12
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
