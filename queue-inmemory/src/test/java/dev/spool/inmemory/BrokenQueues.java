package dev.spool.inmemory;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.QueueInspector;
import dev.spool.api.RetryResult;
import dev.spool.api.Spool;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.api.WorkerRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Backends with one deliberate flaw each, wrapped around the in-memory one: the conformance
 * suite must catch every flaw, or it proves nothing.
 */
final class BrokenQueues {

    private BrokenQueues() {
    }

    /** A broker whose queues are wrapped by {@code flaw}. */
    static Broker broken(Clock clock, UnaryOperator<TaskQueue> flaw) {
        return broken(clock, flaw, UnaryOperator.identity());
    }

    /** A broker whose queues are wrapped by {@code flaw} and whose inspector by {@code inspectorFlaw}. */
    static Broker broken(Clock clock, UnaryOperator<TaskQueue> flaw, UnaryOperator<QueueInspector> inspectorFlaw) {
        InMemoryBroker real = (InMemoryBroker) Spool.connect("inmemory", BackendConfig.builder("inmemory://").clock(clock).build());
        QueueInspector inspector = inspectorFlaw.apply(real.inspector());
        return new Broker() {
            public String backend() { return "broken"; }
            public TaskQueue queue(String name) { return flaw.apply(real.queue(name)); }
            public QueueInspector inspector() { return inspector; }
            public WorkerRegistry workers() { return real.workers(); }
            public dev.spool.api.Schedules schedules() { return real.schedules(); }
            public void ping() { }
            public void close() { real.close(); }
        };
    }

    /** Delegates everything; flaws override one method. */
    static class Forwarding implements TaskQueue {
        final TaskQueue q;

        Forwarding(TaskQueue q) {
            this.q = q;
        }

        public String name() { return q.name(); }
        public EnqueueResult enqueue(Task task) { return q.enqueue(task); }
        public List<EnqueueResult> enqueueAll(List<Task> tasks) { return q.enqueueAll(tasks); }
        public List<Delivery> fetch(int max, Duration wait) { return q.fetch(max, wait); }
        public List<Delivery> fetch(int max, Duration wait, Duration lease) { return q.fetch(max, wait, lease); }
        public boolean ack(Delivery d, String result) { return q.ack(d, result); }
        public RetryResult retry(Delivery d, Duration delay, String error) { return q.retry(d, delay, error); }
        public boolean fail(Delivery d, String error) { return q.fail(d, error); }
        public boolean renew(Delivery d, Duration leaseFor) { return q.renew(d, leaseFor); }
        public boolean release(Delivery d, Duration delay) { return q.release(d, delay); }
        public boolean progress(Delivery d, int pct, String detail) { return q.progress(d, pct, detail); }
        @Override
        public java.util.Set<String> cancelRequests(java.util.Collection<Delivery> ds) { return q.cancelRequests(ds); }
    }

    /** An inspector that says a task was deleted and deletes nothing: it stays, and is fetched later. */
    static QueueInspector deletesNothing(QueueInspector in) {
        return (QueueInspector) java.lang.reflect.Proxy.newProxyInstance(QueueInspector.class.getClassLoader(),
                new Class<?>[] {QueueInspector.class}, (proxy, method, args) -> {
                    if (method.getName().equals("delete")) {
                        dev.spool.api.Task.requireTaskId((String) args[1]);
                        return in.task((String) args[0], (String) args[1]).isPresent()
                                ? dev.spool.api.DeleteResult.DELETED : dev.spool.api.DeleteResult.NOT_FOUND;
                    }
                    try {
                        return method.invoke(in, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Says "accepted" for every 500th task but never stores it: silent loss. */
    static TaskQueue losesTasks(TaskQueue q) {
        AtomicInteger n = new AtomicInteger();
        return new Forwarding(q) {
            @Override
            public EnqueueResult enqueue(Task task) {
                if (n.incrementAndGet() % 500 == 0) {
                    return EnqueueResult.accepted(task.stamped(java.time.Instant.now()).id());
                }
                return q.enqueue(task);
            }
        };
    }

    /** Keys acks by task id instead of lease token: a late ack from an expired lease removes the new delivery. */
    static TaskQueue ignoresLeaseTokens(TaskQueue q) {
        java.util.Map<String, Delivery> latest = new java.util.concurrent.ConcurrentHashMap<>();
        return new Forwarding(q) {
            @Override
            public List<Delivery> fetch(int max, Duration wait, Duration lease) {
                List<Delivery> got = q.fetch(max, wait, lease);
                got.forEach(d -> latest.put(d.id(), d));
                return got;
            }

            @Override
            public boolean ack(Delivery d, String result) {
                return q.ack(latest.getOrDefault(d.id(), d), result);
            }
        };
    }

    /** Hands tasks out newest first, whatever their priority. */
    static TaskQueue ignoresPriority(TaskQueue q) {
        return new Forwarding(q) {
            @Override
            public List<Delivery> fetch(int max, Duration wait, Duration lease) {
                List<Delivery> got = new ArrayList<>(q.fetch(max, wait, lease));
                got.sort(Comparator.comparing(Delivery::id).reversed());
                return got;
            }
        };
    }

    /** Never delays: a task is delivered before its runAt. */
    static TaskQueue ignoresRunAt(TaskQueue q) {
        return new Forwarding(q) {
            @Override
            public EnqueueResult enqueue(Task task) {
                return q.enqueue(task.withRunAt(null));
            }
        };
    }
}
