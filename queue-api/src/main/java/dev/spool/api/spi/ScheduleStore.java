package dev.spool.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where a backend keeps schedules ({@link dev.spool.api.Schedules} holds the logic: parsing, ticks,
 * firing). A schedule is its definition, an opaque string written by {@code Schedules}, and its state:
 * the last tick handled, the last tick fired, and whether it is paused. Every method is one atomic
 * step on the backend, so that any number of processes can share the schedules; {@link #advance} is
 * the compare-and-set that lets exactly one of them handle a tick. Arguments are checked by the caller.
 */
public interface ScheduleStore {

    /** What {@link #put} did. */
    enum Put { CREATED, UPDATED, UNCHANGED }

    /**
     * A stored schedule.
     *
     * @param lastTick  epoch ms of the last tick handled (fired or skipped); a new schedule starts at its creation
     * @param lastFired epoch ms of the last tick fired, 0 when none has been
     */
    record Stored(String name, String definition, long lastTick, long lastFired, boolean paused) {
    }

    /**
     * Stores {@code definition} under {@code name}: a new schedule starts with its last tick at
     * {@code now}; a changed one keeps its state; the same one is left as it is.
     */
    Put put(String name, String definition, long now);

    /** Every schedule, in no particular order. */
    List<Stored> list();

    /** The schedule called {@code name}. */
    default Optional<Stored> get(String name) {
        return list().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Removes the schedule; false when there was none. */
    boolean remove(String name);

    /**
     * Pauses or resumes the schedule; false when there is none. Resuming moves its last tick up to
     * {@code now}, so the ticks passed while it was paused are not fired.
     */
    boolean pause(String name, boolean paused, long now);

    /**
     * Moves the schedule's last tick from {@code from} to {@code to} (and its last fired tick to
     * {@code to} when {@code fired}), only if the schedule exists, is not paused and its last tick is
     * still {@code from}; true when it moved.
     */
    boolean advance(String name, long from, long to, boolean fired);
}
