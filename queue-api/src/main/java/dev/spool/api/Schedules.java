package dev.spool.api;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.spool.api.spi.ScheduleStore;
import dev.spool.api.spi.TaskCodec;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The recurring tasks of a backend ({@link Broker#schedules()}): register them by name, list, pause,
 * resume, remove and trigger them, and fire the due ones.
 *
 * <p>Registering is idempotent by name, so every instance of an application can declare the same
 * schedules at start-up. Every worker calls {@link #fireDue()} once a second; a tick is fired once
 * however many do, and still fired when any of them dies, as no process holds a role. For each due
 * tick, in order:
 * <ol>
 *   <li>a caller enqueues the tick's task with a unique key made of the schedule and the tick, held
 *       longer than any caller can still see that tick as due: a second enqueue of it is refused as a
 *       duplicate;</li>
 *   <li>then it moves the schedule's last tick to it with a compare-and-set; a caller that died in
 *       between leaves the tick to the next caller, whose enqueue is that duplicate.</li>
 * </ol>
 * Ticks under {@link Schedule#MISSED_AFTER} old all fire; older ones were missed, and fire once or
 * are skipped ({@link Schedule.Missed}). Ticks are read on the broker's clock (the Redis server's
 * time on the Redis backends), so workers with skewed clocks agree on them.
 */
public final class Schedules {
    private static final System.Logger LOG = System.getLogger(Schedules.class.getName());
    private static final Duration MAX_UNIQUE = Duration.ofDays(400);
    /** The id the stored template carries, as the stored form of a task needs one. */
    private static final String TEMPLATE_ID = "template";

    private final Broker broker;
    private final ScheduleStore store;
    private final LongSupplier clock;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    private Schedules(Broker broker, ScheduleStore store, LongSupplier clock) {
        this.broker = broker;
        this.store = store;
        this.clock = clock;
    }

    /**
     * For backend authors: the schedules kept in {@code store}, enqueued through {@code broker}, with
     * {@code clock} giving the broker's time in epoch ms.
     */
    public static Schedules of(Broker broker, ScheduleStore store, LongSupplier clock) {
        return new Schedules(broker, store, clock);
    }

    /**
     * Registers {@code schedule}, or replaces the definition of the one of that name (keeping its last
     * tick and pause); a schedule declared again unchanged is left as it is.
     */
    public ScheduleStore.Put put(Schedule schedule) {
        return store.put(schedule.name(), encode(schedule), clock.getAsLong());
    }

    /** Every schedule, by name. Schedules this version cannot read (written by a newer one) are left out. */
    public List<ScheduleInfo> list() {
        List<ScheduleInfo> out = new ArrayList<>();
        for (ScheduleStore.Stored s : store.list()) {
            Schedule def = read(s);
            if (def != null) {
                out.add(info(def, s));
            }
        }
        out.sort(Comparator.comparing(i -> i.schedule().name()));
        return out;
    }

    /** The schedule called {@code name}. */
    public Optional<ScheduleInfo> get(String name) {
        return store.get(name).map(s -> {
            Schedule def = read(s);
            return def == null ? null : info(def, s);
        });
    }

    /** Removes the schedule; false when there was none. Tasks it already enqueued stay queued. */
    public boolean remove(String name) {
        return store.remove(name);
    }

    /** Pauses the schedule: its ticks pass without firing until {@link #resume}; false when there is none. */
    public boolean pause(String name) {
        return store.pause(name, true, clock.getAsLong());
    }

    /** Resumes the schedule from its next tick (the ticks passed while paused are not fired); false when there is none. */
    public boolean resume(String name) {
        return store.pause(name, false, clock.getAsLong());
    }

    /**
     * Enqueues the schedule's task now, outside its ticks (also when paused), with the tick header set
     * to now and no unique key; empty when there is no such schedule.
     */
    public Optional<EnqueueResult> trigger(String name) {
        Optional<ScheduleStore.Stored> s = store.get(name);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Schedule def = read(s.get());
        if (def == null) {
            throw new SpoolException("schedule '" + name + "' was written by another version of Spool and cannot be read "
                    + "here; register it again with put");
        }
        Task task = stamp(def, Instant.ofEpochMilli(clock.getAsLong())).build();
        return Optional.of(broker.queue(def.queue()).enqueue(task));
    }

    /**
     * Fires every due tick, each once across all callers (see the class comment); returns how many
     * tasks this call enqueued. A schedule whose enqueue fails is tried again at the next call; the
     * first failure is thrown after the other schedules had their turn.
     */
    public int fireDue() {
        Instant now = Instant.ofEpochMilli(clock.getAsLong());
        int fired = 0;
        RuntimeException failed = null;
        for (ScheduleStore.Stored s : store.list()) {
            Schedule def = s.paused() ? null : read(s);
            if (def == null) {
                continue;
            }
            try {
                fired += fire(def, s, now);
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return fired;
    }

    /** Handles the due ticks of one schedule in order; stops when another caller moved it first. */
    private int fire(Schedule def, ScheduleStore.Stored s, Instant now) {
        int enqueued = 0;
        long from = s.lastTick();
        for (ScheduleTicks.Due due : ScheduleTicks.due(def, Instant.ofEpochMilli(from), now)) {
            if (due.fire() && enqueue(def, due.at())) {
                enqueued++; // of all callers, only one has its enqueue of a tick accepted
            }
            if (!store.advance(def.name(), from, due.at().toEpochMilli(), due.fire())) {
                break;
            }
            from = due.at().toEpochMilli();
        }
        return enqueued;
    }

    /**
     * Enqueues the task of {@code tick} under a unique key held for twice the period plus two minutes:
     * longer than any caller can still see the tick as due (a tick fires while under
     * {@link Schedule#MISSED_AFTER} old, or as the latest missed one before the next tick is).
     */
    private boolean enqueue(Schedule def, Instant tick) {
        Instant after = ScheduleTicks.next(def, tick);
        Duration period = after == null ? Duration.ZERO : Duration.between(tick, after);
        Duration hold = period.multipliedBy(2).plus(Schedule.MISSED_AFTER.multipliedBy(2));
        hold = hold.compareTo(MAX_UNIQUE) > 0 ? MAX_UNIQUE : hold;
        Task task = stamp(def, tick).uniqueKey("spool:schedule:" + def.name() + ":" + tick.toEpochMilli())
                .uniqueFor(hold).build();
        return broker.queue(def.queue()).enqueue(task).accepted();
    }

    private static Task.Builder stamp(Schedule def, Instant tick) {
        return def.task().toBuilder().header(Schedule.SCHEDULE_HEADER, def.name()).header(Schedule.TICK_HEADER, tick.toString());
    }

    private ScheduleInfo info(Schedule def, ScheduleStore.Stored s) {
        Instant last = Instant.ofEpochMilli(s.lastTick());
        return new ScheduleInfo(def, s.paused(), last, s.lastFired() == 0 ? null : Instant.ofEpochMilli(s.lastFired()),
                ScheduleTicks.next(def, last));
    }

    private Schedule read(ScheduleStore.Stored s) {
        try {
            return decode(s.name(), s.definition());
        } catch (RuntimeException e) {
            if (unreadable.add(s.name())) {
                LOG.log(Level.WARNING, "schedule ''{0}'' cannot be read and is not fired: {1}; register it again with "
                        + "this version, or remove it", s.name(), e.getMessage());
            }
            return null;
        }
    }

    /** The stored form: JSON with the template task as its stored form (with a placeholder id). */
    static String encode(Schedule s) {
        JsonObject o = new JsonObject();
        o.addProperty("queue", s.queue());
        if (s.cron() != null) {
            o.addProperty("cron", s.cron());
            o.addProperty("zone", s.zone().getId());
        } else {
            o.addProperty("every", s.every().toMillis());
        }
        o.addProperty("missed", s.missed().name());
        o.addProperty("task", TaskCodec.encode(s.task().toBuilder().id(TEMPLATE_ID).build()));
        return o.toString();
    }

    static Schedule decode(String name, String definition) {
        JsonObject o = JsonParser.parseString(definition).getAsJsonObject();
        Task t = TaskCodec.decode(o.get("task").getAsString()).toBuilder().id(null).build();
        Schedule.Builder b = Schedule.builder(name).queue(o.get("queue").getAsString()).task(t)
                .missed(Schedule.Missed.valueOf(o.get("missed").getAsString()));
        if (o.has("cron")) {
            b.cron(o.get("cron").getAsString()).zone(ZoneId.of(o.get("zone").getAsString()));
        } else {
            b.every(Duration.ofMillis(o.get("every").getAsLong()));
        }
        return b.build();
    }
}
