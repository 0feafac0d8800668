package dev.spool.api.spi;

import dev.spool.api.WorkerInfo;
import dev.spool.api.WorkerRegistry;

import java.time.Duration;
import java.util.List;

/**
 * The worker registry's arguments checked once, for every backend, as {@link CheckedTaskQueue}
 * checks the queue's: a backend's {@code Broker.workers()} returns its registry wrapped in this
 * class ({@link #of}), and {@code ArgumentContract} holds every backend to it.
 */
public final class CheckedWorkerRegistry implements WorkerRegistry {
    private final WorkerRegistry backend;

    private CheckedWorkerRegistry(WorkerRegistry backend) {
        this.backend = backend;
    }

    /** {@code backend} behind the checks (itself when it is checked already). */
    public static WorkerRegistry of(WorkerRegistry backend) {
        if (backend == null) {
            throw new IllegalArgumentException("no worker registry to check: the backend gave null");
        }
        return backend instanceof CheckedWorkerRegistry ? backend : new CheckedWorkerRegistry(backend);
    }

    @Override
    public void heartbeat(WorkerInfo info, Duration ttl) {
        if (info == null) {
            throw new IllegalArgumentException("heartbeat: info is null; pass the worker's WorkerInfo");
        }
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeat of worker " + info.id() + ": ttl is " + ttl
                    + "; pass a duration of at least 1 ms");
        }
        backend.heartbeat(info, ttl);
    }

    @Override
    public void deregister(String workerId) {
        if (workerId == null) {
            throw new IllegalArgumentException("deregister: workerId is null; pass the id of a worker");
        }
        backend.deregister(workerId);
    }

    @Override
    public List<WorkerInfo> list() {
        return backend.list();
    }
}
