package dev.spool.reliability;

import dev.spool.api.Durations;

import java.time.Duration;

/**
 * The size and shape of a chaos run, read from system properties (the pom sets the CI form; the
 * {@code chaos} profile the long form).
 *
 * @param backend       {@code redis-list} or {@code redis-stream}
 * @param tasks         tasks to enqueue
 * @param rate          tasks enqueued per second
 * @param handlerMs     how long each task works
 * @param workers       worker processes alive at once
 * @param concurrency   handler threads per worker
 * @param prefetch      tasks a worker fetches ahead of its threads (the worker's default: as many as its threads)
 * @param lease         the workers' lease
 * @param killEvery     a worker is SIGKILLed (and a new one started) this often while tasks arrive
 * @param clientKills   CLIENT KILLs spread over the run
 * @param poisonEvery   one task in this many is poisoned
 */
record ChaosPlan(String backend, int tasks, int rate, long handlerMs, int workers, int concurrency, int prefetch, Duration lease,
                 Duration killEvery, int clientKills, int poisonEvery) {

    static ChaosPlan fromProperties(String backend) {
        return new ChaosPlan(backend,
                Integer.getInteger("chaos.tasks", 5000),
                Integer.getInteger("chaos.rate", 300),
                Long.getLong("chaos.handlerMs", 50),
                3,
                Integer.getInteger("chaos.concurrency", 8),
                Integer.getInteger("chaos.prefetch", Integer.getInteger("chaos.concurrency", 8)),
                Durations.parse("chaos.lease", System.getProperty("chaos.lease", "6s")),
                Durations.parse("chaos.killEvery", System.getProperty("chaos.killEvery", "3s")),
                Integer.getInteger("chaos.clientKills", 2),
                500);
    }

    String label() {
        return String.format("%s: %,d tasks at %d/s, %d workers x %d threads (+%d prefetched), handler %d ms, lease %s", backend, tasks,
                rate, workers, concurrency, prefetch, handlerMs, Durations.format(lease));
    }
}
