package dev.spool.redis.list;

import dev.spool.api.BackendException;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One producer and some consumers moving tasks through a queue in background threads, recording
 * what was accepted and what was delivered, and carrying on through {@link BackendException}s
 * (what a worker does), so that a test can break Redis underneath and check that nothing is lost.
 */
final class LoadRun implements AutoCloseable {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    final AtomicInteger backendErrors = new AtomicInteger();
    final AtomicInteger redeliveries = new AtomicInteger();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    LoadRun(Broker broker, String queue, int tasks, int consumers) {
        threads.add(new Thread(() -> produce(broker.queue(queue), tasks), "load-producer"));
        for (int c = 0; c < consumers; c++) {
            threads.add(new Thread(() -> consume(broker.queue(queue)), "load-consumer-" + c));
        }
        threads.forEach(Thread::start);
    }

    private void produce(TaskQueue q, int tasks) {
        try {
            for (int i = 0; i < tasks && !stop.get(); ) {
                try {
                    if (i % 2 == 0) {
                        EnqueueResult r = q.enqueue(Task.of("load", "{\"i\":" + i + "}"));
                        accepted.add(r.taskId());
                        i++;
                    } else {
                        List<Task> batch = new ArrayList<>();
                        for (int k = 0; k < 10 && i + k < tasks; k++) {
                            batch.add(Task.of("load", "{\"i\":" + (i + k) + "}"));
                        }
                        q.enqueueAll(batch).forEach(r -> accepted.add(r.taskId()));
                        i += batch.size();
                    }
                } catch (BackendException e) {
                    backendErrors.incrementAndGet(); // not accepted: the caller would try again
                }
            }
        } finally {
            producing.set(false);
        }
    }

    private void consume(TaskQueue q) {
        while (!stop.get()) {
            try {
                List<Delivery> got = q.fetch(20, Duration.ofMillis(200));
                for (Delivery d : got) {
                    if (!delivered.add(d.id())) {
                        redeliveries.incrementAndGet();
                    }
                }
                q.ackAll(got);
            } catch (BackendException e) {
                backendErrors.incrementAndGet();
            }
        }
    }

    boolean producing() {
        return producing.get();
    }

    /** True once the producer is done and every accepted task was delivered. */
    boolean allDelivered() {
        return !producing.get() && delivered.containsAll(accepted);
    }

    String describe() {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(accepted);
        missing.removeAll(delivered);
        return "accepted " + accepted.size() + ", delivered " + delivered.size() + ", missing " + missing.size()
                + (missing.isEmpty() ? "" : " e.g. " + missing.iterator().next()) + ", backend errors "
                + backendErrors.get() + ", producing " + producing.get();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            for (Thread t : threads) {
                t.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
