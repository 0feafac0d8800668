package dev.spool.inmemory;

import dev.spool.api.Task;
import dev.spool.api.WorkerInfo;
import dev.spool.api.spi.ScheduleStore;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data behind one in-memory "server": its queues, its worker registry and its schedules. Brokers opened on
 * the same {@code inmemory://name} share one store for the life of the JVM, as clients of one
 * Redis would.
 */
final class Store {
    private static final Map<String, Store> NAMED = new ConcurrentHashMap<>();

    final Map<String, QueueState> queues = new ConcurrentHashMap<>();
    final Map<String, Registered> workers = new ConcurrentHashMap<>();
    /** Schedules by name; {@link InMemorySchedules} locks it for each step. */
    final Map<String, ScheduleStore.Stored> schedules = new HashMap<>();

    /** A worker's last heartbeat and when it expires (clock millis). */
    record Registered(WorkerInfo info, long expiresAt) {
    }

    /** The store called {@code name}, created on first use; null or empty gives a private store. */
    static Store named(String name) {
        if (name == null || name.isEmpty()) {
            return new Store();
        }
        return NAMED.computeIfAbsent(name, n -> new Store());
    }

    QueueState queue(String name) {
        return queues.computeIfAbsent(Task.requireQueueName(name), QueueState::new);
    }
}
