package dev.spool.test;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A queue of the harness's broker: the in-memory queue behind it, with every call that changes a task
 * written to the {@link Journal} once the backend has answered. Its one change to what it passes on:
 * a task's {@code runAt} and {@code expiresAt}, which a producer's {@code delay}/{@code expiresIn}
 * put on the system clock, are moved onto the harness clock at enqueue, as the Redis backends move
 * them onto the server's clock, and the task is stamped (id, creation time) by the harness clock.
 */
final class RecordingQueue implements TaskQueue {
    private final TaskQueue backend;
    private final Journal journal;
    private final Clock clock;

    RecordingQueue(TaskQueue backend, Journal journal, Clock clock) {
        this.backend = backend;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public EnqueueResult enqueue(Task task) {
        if (task == null) {
            return backend.enqueue(null); // the backend's own message
        }
        Task t = onHarnessClock(task);
        EnqueueResult r = backend.enqueue(t);
        journal.enqueued(name(), t, r);
        return r;
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<Task> tasks) {
        if (tasks == null || tasks.stream().anyMatch(Objects::isNull)) {
            return backend.enqueueAll(tasks); // the backend's own message
        }
        List<Task> moved = new ArrayList<>(tasks.size());
        tasks.forEach(t -> moved.add(onHarnessClock(t)));
        List<EnqueueResult> results = backend.enqueueAll(moved);
        for (int i = 0; i < results.size(); i++) {
            journal.enqueued(name(), moved.get(i), results.get(i));
        }
        return results;
    }

    /** {@code task} with its times moved from the system clock onto the harness clock, and stamped by the latter. */
    private Task onHarnessClock(Task task) {
        Task t = task;
        if (task.runAt() != null || task.expiresAt() != null) {
            long offset = clock.millis() - System.currentTimeMillis();
            t = task.toBuilder().runAt(moved(task.runAt(), offset)).expiresAt(moved(task.expiresAt(), offset)).build();
        }
        return t.stamped(clock.instant());
    }

    /** {@code t} plus {@code ms}, to the millisecond as the backends keep it. */
    private static Instant moved(Instant t, long ms) {
        return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli() + ms);
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) {
        return started(backend.fetch(max, wait));
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait, Duration lease) {
        return started(backend.fetch(max, wait, lease));
    }

    private List<Delivery> started(List<Delivery> fetched) {
        fetched.forEach(journal::started);
        return fetched;
    }

    @Override
    public boolean ack(Delivery delivery, String result) {
        return recorded(backend.ack(delivery, result), () -> journal.succeeded(delivery, result));
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries, Map<String, String> results) {
        int acked = backend.ackAll(deliveries, results);
        if (acked == deliveries.size()) { // else the backend cannot say which: each is read back when looked at
            deliveries.forEach(d -> journal.succeeded(d, results.get(d.id())));
        }
        return acked;
    }

    @Override
    public RetryResult retry(Delivery delivery, Duration delay, String error) {
        RetryResult r = backend.retry(delivery, delay, error);
        String why = String.valueOf(error);
        switch (r) {
            case SCHEDULED -> journal.retried(delivery, delay, why);
            case DEAD_LETTERED -> journal.deadLettered(delivery, why);
            case CANCELLED -> journal.cancelled(delivery, why);
            case LEASE_LOST -> { } // nothing changed
        }
        return r;
    }

    @Override
    public boolean fail(Delivery delivery, String error) {
        return recorded(backend.fail(delivery, error), () -> journal.deadLettered(delivery, String.valueOf(error)));
    }

    @Override
    public boolean release(Delivery delivery, Duration delay) {
        return recorded(backend.release(delivery, delay), () -> journal.released(delivery, delay));
    }

    /** Records with {@code record} what the backend did when the caller's lease {@code held}; answers {@code held}. */
    private static boolean recorded(boolean held, Runnable record) {
        if (held) {
            record.run();
        }
        return held;
    }

    @Override
    public boolean renew(Delivery delivery, Duration leaseFor) {
        return backend.renew(delivery, leaseFor);
    }

    @Override
    public List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        return backend.renewAll(deliveries, leaseFor);
    }

    @Override
    public boolean progress(Delivery delivery, int percent, String detail) {
        return backend.progress(delivery, percent, detail);
    }

    @Override
    public Set<String> cancelRequests(Collection<Delivery> deliveries) {
        return backend.cancelRequests(deliveries);
    }

    @Override
    public void close() {
        backend.close();
    }
}
