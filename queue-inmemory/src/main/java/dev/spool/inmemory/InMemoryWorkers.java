package dev.spool.inmemory;

import dev.spool.api.WorkerInfo;
import dev.spool.api.WorkerRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** The worker registry of a {@link Store}: heartbeats expire by the broker's clock. */
final class InMemoryWorkers implements WorkerRegistry {
    private final Store store;
    private final Clock clock;

    InMemoryWorkers(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void heartbeat(WorkerInfo info, Duration ttl) {
        store.workers.put(info.id(), new Store.Registered(info, clock.millis() + ttl.toMillis()));
    }

    @Override
    public void deregister(String workerId) {
        store.workers.remove(workerId);
    }

    @Override
    public List<WorkerInfo> list() {
        long now = clock.millis();
        store.workers.values().removeIf(r -> r.expiresAt() <= now);
        return store.workers.values().stream().map(Store.Registered::info)
                .sorted(Comparator.comparing(WorkerInfo::id)).toList();
    }
}
