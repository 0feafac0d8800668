package dev.spool.worker;

import dev.spool.api.Broker;
import dev.spool.api.Delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker that runs tasks on the caller's thread, one at a time, only when asked: what a test (the
 * {@code spool-test} kit) or a tool that steps through a queue uses. Build one with
 * {@link Worker.Builder#buildInline()}:
 *
 * <pre>{@code
 * try (InlineWorker worker = Worker.builder(broker).queues("mail").handler(new SendMail()).buildInline()) {
 *     while (worker.runNext()) {
 *         // each call fetched one ready task and ran it to its outcome
 *     }
 * }
 * }</pre>
 *
 * <p>Each delivery is processed exactly as a {@link Worker} processes it, by the same code: the handler
 * found by type (none: a dead letter listing the known types), the interceptor chain, the retry policy
 * (the handler's, else the builder's), dead letters, {@code RetryLaterException}, cancellation, and
 * the timeout, which interrupts the handler. While a task runs, a timer thread renews its lease,
 * sweeps for its timeout, checks for its cancellation and writes its progress.
 *
 * <p>What it leaves out: threads for handlers, prefetch, the heartbeat, the worker registry and the
 * schedules (fire them with {@code broker.schedules().fireDue()}). The builder's concurrency, prefetch,
 * grace, heartbeat and {@code fireSchedules} settings do not apply. {@link #close()} does not close the
 * broker.
 */
public final class InlineWorker implements AutoCloseable {
    private final Broker broker;
    private final QueueOrder order;
    private final Duration lease;
    private final Assembly parts;
    private final Map<String, Execution> held = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    InlineWorker(Worker.Builder b) {
        this.broker = b.broker;
        this.order = QueueOrder.parse(b.queues, ThreadLocalRandom.current());
        this.lease = b.lease;
        this.parts = Assembly.of(b, order.names(), held::size, this::leave);
        this.timer = new ScheduledThreadPoolExecutor(1, Threads.daemon("spool-inline-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        Upkeep.schedule(timer, broker, held.values(), lease, parts.processor, this::leave);
    }

    /**
     * Fetches one ready task from the builder's queues, in their order ({@link Worker.Builder#queues}),
     * and runs it on this thread to its outcome: acknowledged, retried later, handed back for later,
     * dead-lettered or cancelled.
     *
     * @return false when no queue had a ready task (nothing ran)
     * @throws IllegalStateException when this worker was closed
     */
    public boolean runNext() {
        for (String queue : order.nextRound()) {
            if (runNext(queue)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fetches one ready task from {@code queue} (one of the builder's queues or any other) and runs it
     * on this thread to its outcome, as {@link #runNext()} does.
     *
     * @return false when {@code queue} had no ready task (nothing ran)
     * @throws IllegalStateException when this worker was closed
     */
    public boolean runNext(String queue) {
        if (closed) {
            throw new IllegalStateException("this InlineWorker (queues " + order.names() + ") is closed; build another "
                    + "with Worker.builder(broker)...buildInline()");
        }
        List<Delivery> fetched = broker.queue(queue).fetch(1, Duration.ZERO, lease);
        if (fetched.isEmpty()) {
            return false;
        }
        Execution e = new Execution(fetched.get(0));
        held.put(e.delivery().leaseToken(), e);
        try {
            parts.processor.run(e);
        } finally {
            leave(e);
            parts.processor.awaitSweep(); // a timeout is settled by the timer thread: wait until it is recorded
        }
        return true;
    }

    /** The task types this worker has handlers for. */
    public Set<String> handledTypes() {
        return parts.wiring.handlers.keySet();
    }

    /** The queues {@link #runNext()} fetches from, as given to the builder (without weights). */
    public List<String> queues() {
        return order.names();
    }

    private void leave(Execution e) {
        if (e.claimLeave()) {
            held.remove(e.delivery().leaseToken());
        }
    }

    /**
     * Stops the timer thread and releases the handlers' class loader. Idempotent; the broker stays open.
     * Call it from the thread that runs the tasks, between two runs.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        parts.wiring.close();
    }
}
