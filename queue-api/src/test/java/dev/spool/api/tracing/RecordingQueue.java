package dev.spool.api.tracing;

import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that only stores what is enqueued, as it arrives (for the tests of the enqueue hook); a
 * task with the unique key {@code "taken"} is refused as a duplicate, a task of type {@code "boom"}
 * makes the call throw. Names no OpenTelemetry class: the classpath-absent test uses it too.
 */
final class RecordingQueue implements TaskQueue {
    final List<Task> stored = new CopyOnWriteArrayList<>();
    private final String name;

    RecordingQueue(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EnqueueResult enqueue(Task task) {
        if (task.type().equals("boom")) {
            throw new IllegalStateException("backend down");
        }
        Task t = task.stamped(Instant.now());
        if ("taken".equals(t.uniqueKey())) {
            return EnqueueResult.duplicate(t.id(), "holder");
        }
        stored.add(t);
        return EnqueueResult.accepted(t.id());
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<Task> tasks) {
        return tasks.stream().map(this::enqueue).toList();
    }

    /** The first delivery of the task stored {@code i}-th. */
    Delivery delivery(int i) {
        return new Delivery(name, stored.get(i).withAttempt(1), "lease-" + i, Instant.now().plusSeconds(30));
    }

    @Override public List<Delivery> fetch(int max, Duration wait) { throw unsupported(); }
    @Override public List<Delivery> fetch(int max, Duration wait, Duration lease) { throw unsupported(); }
    @Override public boolean ack(Delivery delivery, String result) { throw unsupported(); }
    @Override public RetryResult retry(Delivery delivery, Duration delay, String error) { throw unsupported(); }
    @Override public boolean fail(Delivery delivery, String error) { throw unsupported(); }
    @Override public boolean renew(Delivery delivery, Duration leaseFor) { throw unsupported(); }
    @Override public boolean progress(Delivery delivery, int percent, String detail) { throw unsupported(); }
    @Override public Set<String> cancelRequests(Collection<Delivery> deliveries) { throw unsupported(); }
    @Override public boolean release(Delivery delivery, Duration delay) { throw unsupported(); }
    @Override public void close() { }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("RecordingQueue stores enqueued tasks only");
    }
}
