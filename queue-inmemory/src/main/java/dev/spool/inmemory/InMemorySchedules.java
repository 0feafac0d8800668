package dev.spool.inmemory;

import dev.spool.api.spi.ScheduleStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schedules of a {@link Store}: one map, every step under its lock, as one script is on Redis. */
final class InMemorySchedules implements ScheduleStore {
    private final Map<String, Stored> all;

    InMemorySchedules(Store store) {
        this.all = store.schedules;
    }

    @Override
    public Put put(String name, String definition, long now) {
        synchronized (all) {
            Stored old = all.get(name);
            if (old == null) {
                all.put(name, new Stored(name, definition, now, 0, false));
                return Put.CREATED;
            }
            if (old.definition().equals(definition)) {
                return Put.UNCHANGED;
            }
            all.put(name, new Stored(name, definition, old.lastTick(), old.lastFired(), old.paused()));
            return Put.UPDATED;
        }
    }

    @Override
    public List<Stored> list() {
        synchronized (all) {
            return List.copyOf(all.values());
        }
    }

    @Override
    public Optional<Stored> get(String name) {
        synchronized (all) {
            return Optional.ofNullable(all.get(name));
        }
    }

    @Override
    public boolean remove(String name) {
        synchronized (all) {
            return all.remove(name) != null;
        }
    }

    @Override
    public boolean pause(String name, boolean paused, long now) {
        synchronized (all) {
            Stored s = all.get(name);
            if (s == null) {
                return false;
            }
            long last = !paused && s.paused() ? Math.max(s.lastTick(), now) : s.lastTick();
            all.put(name, new Stored(name, s.definition(), last, s.lastFired(), paused));
            return true;
        }
    }

    @Override
    public boolean advance(String name, long from, long to, boolean fired) {
        synchronized (all) {
            Stored s = all.get(name);
            if (s == null || s.paused() || s.lastTick() != from) {
                return false;
            }
            all.put(name, new Stored(name, s.definition(), to, fired ? to : s.lastFired(), false));
            return true;
        }
    }
}
