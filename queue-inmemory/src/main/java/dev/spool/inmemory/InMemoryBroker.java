package dev.spool.inmemory;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.Schedules;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerRegistry;
import dev.spool.api.spi.CheckedTaskQueue;
import dev.spool.api.spi.ClientName;
import dev.spool.api.spi.CheckedWorkerRegistry;
import dev.spool.api.spi.TaskCodec;

import java.time.Duration;

/**
 * A broker whose queues live in this JVM, with the same semantics as the Redis backends: what
 * users swap in for unit tests, and what the demo can run on. Thread-safe; nothing survives the
 * JVM. Open one with {@code Spool.connect("inmemory", "inmemory://name")}: brokers on the same
 * name share their queues, {@code inmemory://} alone gives a private store.
 *
 * <p>Options: {@code dead.max-count} (default 10000) and {@code dead.max-age} (default 30d) bound
 * the dead letters of each queue; the oldest go first.
 */
public final class InMemoryBroker implements Broker {

    /** Bounds of each queue's dead letters. */
    record Limits(int deadMaxCount, long deadMaxAgeMs) {
    }

    private final Store store;
    private final BackendConfig config;
    private final Limits limits;
    private final QueueInspector inspector;
    private final WorkerRegistry workers;
    private final Schedules schedules;
    /** This broker's name, recorded as the holder of every task it leases. */
    private final String holder = ClientName.fresh();

    InMemoryBroker(Store store, BackendConfig config) {
        this.store = store;
        this.config = config;
        this.limits = new Limits(config.intOption("dead.max-count", 10_000),
                config.durationOption("dead.max-age", Duration.ofDays(30)).toMillis());
        this.inspector = new InMemoryInspector(store, config.clock());
        this.workers = new InMemoryWorkers(store, config.clock());
        this.schedules = Schedules.of(this, new InMemorySchedules(store), config.clock()::millis);
    }

    @Override
    public String backend() {
        return InMemoryBackend.NAME;
    }

    @Override
    public TaskQueue queue(String name) {
        return CheckedTaskQueue.of(new InMemoryQueue(store.queue(name), config.clock(), config.lease(), limits, holder));
    }

    @Override
    public QueueInspector inspector() {
        return inspector;
    }

    @Override
    public WorkerRegistry workers() {
        return CheckedWorkerRegistry.of(workers);
    }

    @Override
    public Schedules schedules() {
        return schedules;
    }

    @Override
    public void ping() {
        // always reachable
    }

    /**
     * Test hook: puts {@code raw} on the ready queue of {@code queue} as if it were a stored task,
     * so a test can check that undecodable data is dead-lettered and delivery carries on.
     */
    public void storeRaw(String queue, String raw) {
        QueueState q = store.queue(queue);
        q.lock.lock();
        try {
            String claimed = TaskCodec.peekId(raw);
            String id = claimed != null && !q.entries.containsKey(claimed) ? claimed : q.garbageId();
            QueueState.Entry e = new QueueState.Entry(id, raw, 0);
            q.entries.put(id, e);
            q.used = true;
            q.makeReady(e, false, config.clock().millis());
            q.changed.signal();
        } finally {
            q.lock.unlock();
        }
    }

    @Override
    public void close() {
        // nothing to release: the store lives as long as its name is in use in this JVM
    }
}
