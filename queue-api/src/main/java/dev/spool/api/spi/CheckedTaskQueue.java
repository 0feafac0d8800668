package dev.spool.api.spi;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskProgress;
import dev.spool.api.TaskQueue;
import dev.spool.api.tracing.Tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port's arguments checked once, for every backend, before any backend code runs. A backend's
 * {@code Broker.queue(name)} returns its own queue wrapped in this class ({@link #of}); the
 * conformance suite ({@code ArgumentContract}) holds every backend to it. So every backend throws
 * the same {@link IllegalArgumentException}, with the same message, naming the operation, the queue,
 * the task and the argument, and saying what to pass instead; and a backend's own code may take its
 * arguments as valid:
 * <ul>
 *   <li>no argument is null, except {@code error}, which reads as {@value #NO_ERROR};</li>
 *   <li>{@code fetch}: {@code max} at least 1, {@code wait} zero or more, {@code lease} at least 1 ms;</li>
 *   <li>{@code retry}: {@code delay} zero or more; {@code renew}: {@code leaseFor} at least 1 ms;</li>
 *   <li>a {@link Delivery} is settled through the queue it came from.</li>
 * </ul>
 * A delivery whose lease is no longer held (settled already, expired, or from another broker over
 * another store) is not an error: the backend answers {@code false} or {@link RetryResult#LEASE_LOST}.
 *
 * <p>Being the one way in for every enqueue of every backend, it is also where an enqueue is traced
 * ({@link Tracing}): with the OpenTelemetry API present, each task goes to the backend carrying the
 * producer span's trace context in its headers.
 */
public final class CheckedTaskQueue implements TaskQueue {
    /** The error recorded for a retry or failure that gave none. */
    public static final String NO_ERROR = "(no error message)";

    private final TaskQueue backend;
    private final String name;

    private CheckedTaskQueue(TaskQueue backend) {
        this.backend = backend;
        this.name = backend.name();
    }

    /** {@code backend} behind the checks (itself when it is checked already). */
    public static TaskQueue of(TaskQueue backend) {
        if (backend == null) {
            throw new IllegalArgumentException("no queue to check: the backend gave null");
        }
        return backend instanceof CheckedTaskQueue ? backend : new CheckedTaskQueue(backend);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EnqueueResult enqueue(Task task) {
        if (task == null) {
            throw bad("enqueue", null, "task is null; build one with Task.of(type, payload) or Task.builder(type)");
        }
        return Tracing.enqueue(backend, task);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<Task> tasks) {
        if (tasks == null) {
            throw bad("enqueueAll", null, "tasks is null; pass a list (List.of() for none)");
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == null) {
                throw bad("enqueueAll", null, "tasks[" + i + "] is null; every element must be a task (nothing was stored)");
            }
        }
        return tasks.isEmpty() ? List.of() : Tracing.enqueueAll(backend, tasks);
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait) {
        checkFetch(max, wait);
        return backend.fetch(max, wait);
    }

    @Override
    public List<Delivery> fetch(int max, Duration wait, Duration lease) {
        checkFetch(max, wait);
        positive("fetch", null, "lease", lease);
        return backend.fetch(max, wait, lease);
    }

    private void checkFetch(int max, Duration wait) {
        if (max < 1) {
            throw bad("fetch", null, "max is " + max + "; ask for at least 1 task");
        }
        if (wait == null) {
            throw bad("fetch", null, "wait is null; pass Duration.ZERO not to wait");
        }
        if (wait.isNegative()) {
            throw bad("fetch", null, "wait is " + wait + "; pass Duration.ZERO not to wait, or a positive duration");
        }
    }

    @Override
    public boolean ack(Delivery delivery) {
        own("ack", delivery);
        return backend.ack(delivery, null);
    }

    @Override
    public boolean ack(Delivery delivery, String result) {
        own("ack", delivery);
        if (result != null) {
            Task.requireResult(name, delivery.id(), result);
        }
        return backend.ack(delivery, result);
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries) {
        return ackAll(deliveries, Map.of());
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries, Map<String, String> results) {
        if (deliveries == null) {
            throw bad("ackAll", null, "deliveries is null; pass a collection (List.of() for none)");
        }
        if (results == null) {
            throw bad("ackAll", null, "results is null; pass a map (Map.of() for none)");
        }
        Set<String> ids = new HashSet<>();
        for (Delivery d : deliveries) {
            own("ackAll", d);
            ids.add(d.id());
        }
        for (Map.Entry<String, String> r : results.entrySet()) {
            if (!ids.contains(r.getKey())) {
                throw bad("ackAll", null, "results has task " + r.getKey() + ", which is not among the deliveries; "
                        + "key each result by the id of a delivery acknowledged in this call");
            }
            if (r.getValue() != null) {
                Task.requireResult(name, r.getKey(), r.getValue());
            }
        }
        return deliveries.isEmpty() ? 0 : backend.ackAll(deliveries, results);
    }

    @Override
    public RetryResult retry(Delivery delivery, Duration delay, String error) {
        own("retry", delivery);
        if (delay == null) {
            throw bad("retry", delivery, "delay is null; pass Duration.ZERO to retry at once");
        }
        if (delay.isNegative()) {
            throw bad("retry", delivery, "delay is " + delay + "; pass Duration.ZERO to retry at once, or a positive delay");
        }
        return backend.retry(delivery, delay, error(error));
    }

    @Override
    public boolean fail(Delivery delivery, String error) {
        own("fail", delivery);
        return backend.fail(delivery, error(error));
    }

    @Override
    public boolean renew(Delivery delivery, Duration leaseFor) {
        own("renew", delivery);
        positive("renew", delivery, "leaseFor", leaseFor);
        return backend.renew(delivery, leaseFor);
    }

    @Override
    public List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        if (deliveries == null) {
            throw bad("renewAll", null, "deliveries is null; pass a collection (List.of() for none)");
        }
        for (Delivery d : deliveries) {
            own("renewAll", d);
        }
        positive("renewAll", null, "leaseFor", leaseFor);
        return deliveries.isEmpty() ? List.of() : backend.renewAll(deliveries, leaseFor);
    }

    @Override
    public boolean progress(Delivery delivery, int percent, String detail) {
        own("progress", delivery);
        TaskProgress.check(name, delivery.id(), percent, detail);
        return backend.progress(delivery, percent, detail);
    }

    @Override
    public Set<String> cancelRequests(Collection<Delivery> deliveries) {
        if (deliveries == null) {
            throw bad("cancelRequests", null, "deliveries is null; pass a collection (List.of() for none)");
        }
        for (Delivery d : deliveries) {
            own("cancelRequests", d);
        }
        return deliveries.isEmpty() ? Set.of() : backend.cancelRequests(deliveries);
    }

    @Override
    public boolean release(Delivery delivery, Duration delay) {
        own("release", delivery);
        if (delay == null || delay.isNegative()) {
            throw bad("release", delivery, "delay is " + delay + "; use Duration.ZERO (ready at once) or a positive duration");
        }
        return backend.release(delivery, delay);
    }

    @Override
    public void close() {
        backend.close();
    }

    private void own(String operation, Delivery d) {
        if (d == null) {
            throw bad(operation, null, "delivery is null; pass one that fetch returned");
        }
        if (!name.equals(d.queue())) {
            throw bad(operation, d, "the delivery comes from queue '" + d.queue() + "'; settle it through broker.queue(\""
                    + d.queue() + "\")");
        }
    }

    private void positive(String operation, Delivery d, String what, Duration value) {
        if (value == null) {
            throw bad(operation, d, what + " is null; pass a duration of at least 1 ms");
        }
        if (value.toMillis() < 1) {
            throw bad(operation, d, what + " is " + value + "; pass a duration of at least 1 ms");
        }
    }

    private static String error(String error) {
        return error == null || error.isBlank() ? NO_ERROR : error;
    }

    private IllegalArgumentException bad(String operation, Delivery d, String problem) {
        return new IllegalArgumentException(operation + " on queue '" + name + "'"
                + (d == null ? "" : " (task " + d.id() + ")") + ": " + problem);
    }
}
