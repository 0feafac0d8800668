package dev.spool.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults a run injected, with their wall-clock times, so that every duplicate execution can
 * be traced to the fault that caused it.
 */
final class Events {

    /** What was done. */
    enum Kind {
        /** A worker process was sent SIGKILL ({@code pid} is the worker). */
        WORKER_KILLED,
        /** CLIENT KILL dropped every client connection of the Redis under test. */
        CONNECTIONS_KILLED,
        /** The Redis under test was stopped with SIGTERM. */
        REDIS_STOPPED,
        /** The Redis under test was killed with SIGKILL. */
        REDIS_KILLED,
        /** A Redis Cluster master was killed with SIGKILL. */
        MASTER_KILLED
    }

    /**
     * One fault.
     *
     * @param atMs   when, in {@link System#currentTimeMillis()}
     * @param kind   what
     * @param pid    the worker's pid for {@link Kind#WORKER_KILLED}, else 0
     * @param detail a few words for the report
     */
    record Event(long atMs, Kind kind, long pid, String detail) {
        /** True when the fault can take the lease of a task running on {@code workerPid}. */
        boolean affects(long workerPid) {
            return kind != Kind.WORKER_KILLED || pid == workerPid;
        }
    }

    private final List<Event> events = new ArrayList<>();

    synchronized Event add(Kind kind, long pid, String detail) {
        Event e = new Event(System.currentTimeMillis(), kind, pid, detail);
        events.add(e);
        return e;
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    synchronized long count(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }
}
