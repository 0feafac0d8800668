package dev.spool.test;

import dev.spool.api.Broker;
import dev.spool.api.QueueInspector;
import dev.spool.api.Schedules;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerRegistry;

import java.time.Clock;

/**
 * The harness's broker: the in-memory broker behind it, whose queues are {@link RecordingQueue}s so
 * that the {@link Journal} sees every task enqueued and settled through it. The inspector, the worker
 * registry and the schedules are the in-memory broker's own (a task a schedule fires is recorded at
 * its first delivery).
 */
final class RecordingBroker implements Broker {
    private final Broker backend;
    private final Journal journal;
    private final Clock clock;

    RecordingBroker(Broker backend, Journal journal, Clock clock) {
        this.backend = backend;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    @Override
    public TaskQueue queue(String name) {
        return new RecordingQueue(backend.queue(name), journal, clock);
    }

    @Override
    public QueueInspector inspector() {
        return backend.inspector();
    }

    @Override
    public WorkerRegistry workers() {
        return backend.workers();
    }

    @Override
    public Schedules schedules() {
        return backend.schedules();
    }

    @Override
    public void ping() {
        backend.ping();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "the broker of a SpoolHarness (in memory, clock " + clock.instant() + ")";
    }
}
