package dev.spool.api;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ticks of a schedule: cron expressions through cron-utils (six fields as Spring 5.3 reads them,
 * five as Unix cron), intervals as whole multiples since the epoch. Parsed expressions are cached,
 * as {@link Schedules#fireDue()} steps every schedule each second.
 */
final class ScheduleTicks {
    private static final CronParser SIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private static final CronParser FIVE = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final int CACHED = 1024;
    /** More ticks than a minute holds at the shortest interval: a bound, never reached. */
    private static final int MAX_DUE = 128;
    private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();

    private ScheduleTicks() {
    }

    /** Refuses an expression that does not parse or never fires, with the parser's reason and an example. */
    static void check(String name, String cron, ZoneId zone) {
        ExecutionTime et;
        try {
            et = parse(cron);
        } catch (RuntimeException e) { // IllegalArgumentException mostly; any refusal of the parser's
            throw new InvalidTaskException("cron", "schedule '" + name + "': cron expression '" + cron + "' is invalid ("
                    + e.getMessage() + "); write six fields, seconds first (second minute hour day-of-month month "
                    + "day-of-week), for example '0 30 2 * * *' for 02:30:00 every day or '0 */5 * * * MON-FRI' every "
                    + "5 minutes on weekdays, or five fields without seconds as in Unix cron");
        }
        if (et.nextExecution(ZonedDateTime.now(zone)).isEmpty()) {
            throw new InvalidTaskException("cron", "schedule '" + name + "': cron expression '" + cron
                    + "' never fires from now on; check the day of month against the month (for example '0 0 0 30 2 *')");
        }
    }

    /** The first tick strictly after {@code after}, or null when there is none. */
    static Instant next(Schedule s, Instant after) {
        if (s.every() != null) {
            long every = s.every().toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), every) * every + every);
        }
        return parse(s.cron()).nextExecution(after.atZone(s.zone())).map(ZonedDateTime::toInstant).orElse(null);
    }

    /** The latest tick in ({@code after}, {@code now}], or null when none is due. */
    static Instant latest(Schedule s, Instant after, Instant now) {
        Instant first = next(s, after);
        if (first == null || first.isAfter(now)) {
            return null;
        }
        if (s.every() != null) {
            long every = s.every().toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), every) * every);
        }
        Optional<ZonedDateTime> before = parse(s.cron()).lastExecution(now.atZone(s.zone()));
        Instant tick = before.map(ZonedDateTime::toInstant).filter(t -> t.isAfter(after)).orElse(first);
        for (int i = 0; i < 3; i++) { // "last before now" is strict: step onto a tick at exactly now
            Instant n = next(s, tick);
            if (n == null || n.isAfter(now)) {
                break;
            }
            tick = n;
        }
        return tick;
    }

    /** A tick to handle: {@code fire} false for a missed tick that {@link Schedule.Missed#SKIP} skips. */
    record Due(Instant at, boolean fire) {
    }

    /**
     * The ticks in ({@code last}, {@code now}] to handle, in order: the latest of the missed ones (older
     * than {@link Schedule#MISSED_AFTER}), fired or skipped as the schedule says, then every later one.
     */
    static List<Due> due(Schedule s, Instant last, Instant now) {
        List<Due> out = new ArrayList<>();
        Instant from = last;
        Instant missed = latest(s, last, now.minus(Schedule.MISSED_AFTER));
        if (missed != null) {
            out.add(new Due(missed, s.missed() == Schedule.Missed.ONCE));
            from = missed;
        }
        for (Instant t = next(s, from); t != null && !t.isAfter(now) && out.size() < MAX_DUE; t = next(s, t)) {
            out.add(new Due(t, true));
        }
        return out;
    }

    private static ExecutionTime parse(String cron) {
        ExecutionTime et = PARSED.get(cron);
        if (et == null) {
            String[] fields = cron.trim().split("\\s+");
            CronParser parser = fields.length == 5 ? FIVE : SIX;
            synchronized (ScheduleTicks.class) { // one parse at a time: the parsers are not documented as thread-safe
                et = ExecutionTime.forCron(parser.parse(cron).validate());
            }
            if (PARSED.size() >= CACHED) {
                PARSED.clear();
            }
            PARSED.put(cron, et);
        }
        return et;
    }
}
