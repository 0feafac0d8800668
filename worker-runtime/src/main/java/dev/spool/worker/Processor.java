package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import dev.spool.api.Durations;
import dev.spool.api.NonRetryableException;
import dev.spool.api.RetryLaterException;
import dev.spool.api.PayloadCodec;
import dev.spool.api.RetryPolicy;
import dev.spool.api.RetryResult;
import dev.spool.api.Task;
import dev.spool.api.TaskContext;
import dev.spool.api.TaskHandler;
import dev.spool.api.TaskQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs one delivery and settles it. Its duties:
 * <ol>
 *   <li>find the handler for the task's type (none: dead-letter at once, listing the known types);</li>
 *   <li>set the deadline (the task's own timeout, else the worker's default): when the sweeper finds it passed, cancel and
 *       interrupt the handler and count the attempt as failed;</li>
 *   <li>call the interceptor chain, at whose end the payload is decoded and the handler runs;</li>
 *   <li>settle exactly once: ack on success; hand back for later on {@link RetryLaterException}, the
 *       attempt not counted; dead-letter on {@link NonRetryableException} (which
 *       includes a payload that does not decode) or after the last attempt; otherwise retry after
 *       the backoff of the handler's retry policy, else the worker's.</li>
 * </ol>
 */
final class Processor {
    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private final Broker broker;
    private final Map<String, Wiring.Registered> handlers;
    private final List<TaskInterceptor> interceptors;
    private final WorkerListener listener;
    private final RetryPolicy retryPolicy;
    private final Duration defaultTimeout;
    private final Clock clock;
    private final Consumer<Execution> leave;
    private volatile Settler settler;
    final AtomicLong started = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    /** Tasks handed back because their handler asked to run later ({@link RetryLaterException}). */
    final AtomicLong postponed = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    /** The handlers' progress reports, throttled; the worker's timer flushes what waits. */
    final ProgressReports progress;

    Processor(Broker broker, Map<String, Wiring.Registered> handlers, List<TaskInterceptor> interceptors,
              WorkerListener listener, RetryPolicy retryPolicy, Duration defaultTimeout, Clock clock,
              Consumer<Execution> leave) {
        this.broker = broker;
        this.handlers = handlers;
        this.interceptors = interceptors;
        this.listener = listener;
        this.retryPolicy = retryPolicy;
        this.defaultTimeout = defaultTimeout;
        this.clock = clock;
        this.leave = leave;
        this.progress = new ProgressReports(broker);
    }

    /** Acknowledges successes through {@code s} (in groups) instead of one call per task on the handler thread. */
    void settleThrough(Settler s) {
        settler = s;
    }

    /** Runs {@code e} on the calling (handler) thread, unless it was handed back before it started. */
    void run(Execution e) {
        if (!e.state.compareAndSet(Execution.QUEUED, Execution.RUNNING)) {
            return; // released by shutdown or a lost lease before a thread got to it
        }
        boolean handedOver = false;
        try {
            Delivery d = e.delivery();
            Task task = d.task();
            Wiring.Registered reg = handlers.get(task.type());
            if (reg == null) {
                if (e.claimSettlement()) {
                    deadLetter(e, "no handler for task type '" + task.type() + "' on this worker (queue '" + d.queue()
                        + "', task " + task.id() + "); it knows " + handlers.keySet()
                        + "; deploy a handler JAR for this type, or requeue the task once one runs");
                }
                return;
            }
            started.incrementAndGet();
            notify(() -> listener.onStarted(d));
            Duration wanted = task.timeout() != null ? task.timeout() : defaultTimeout;
            // a timer cannot be armed for centuries (nanosecond overflow)
            Duration timeout = wanted.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : wanted;
            TaskContext context = new RunContext(e, broker, progress, clock.instant().plus(timeout));
            e.startNanos = System.nanoTime();
            e.deadlineNanos = e.startNanos + timeout.toNanos();
            e.timeout = timeout; // after the deadline: the sweeper reads timeout first (volatile ordering)
            e.bind(Thread.currentThread());
            Throwable failure = null;
            try {
                new Chain(reg.handler(), context, e).proceed();
            } catch (Throwable t) {
                failure = t;
            } finally {
                e.unbind();
                Thread.interrupted(); // a late timeout interrupt must not reach the next task
            }
            Duration took = Duration.ofNanos(System.nanoTime() - e.startNanos);
            if (!e.claimSettlement()) {
                if (failure == null) {
                    LOG.warn("task {} of type '{}' (queue '{}') finished after it was already settled (timeout, "
                            + "lost lease or shutdown); its result is ignored", task.id(), task.type(), d.queue());
                }
                return;
            }
            if (failure == null && e.isCancelRequested()) { // a cooperative handler saw isCancelled() and returned
                failure = new CancellationException("task " + task.id() + " was cancelled while it ran");
            }
            Settler s = settler;
            if (failure == null && s != null) {
                s.submit(e, took); // acknowledged in a group; the settler gives the slot back
                handedOver = true;
            } else if (failure == null) {
                succeed(e, took);
            } else if (e.isStopping() && (failure instanceof CancellationException
                    || failure instanceof InterruptedException)) {
                LOG.info("task {} (queue '{}') stopped early for the shutdown; handing it back", task.id(), d.queue());
                releaseClaimed(e);
            } else {
                failed(e, failure, reg.handler());
            }
        } catch (RuntimeException ex) {
            LOG.error("settling task {} (queue '{}') failed; its lease will expire and it will be delivered again",
                    e.delivery().id(), e.delivery().queue(), ex);
        } finally {
            if (!handedOver) {
                leave.accept(e);
            }
        }
    }

    /**
     * Acknowledges a group of successful attempts of one queue with one {@code ackAll}, then gives
     * their slots back. {@code ackAll} reports only how many leases were still held: when that is all
     * of them each is counted a success; otherwise none is reported to the listeners (the backend
     * cannot say which were lost) and a warning names the tasks, which may run again.
     */
    void ackGroup(String queue, List<Settler.Done> group) {
        try {
            if (group.size() == 1) {
                succeed(group.get(0).execution(), group.get(0).took());
                return;
            }
            List<Delivery> deliveries = new java.util.ArrayList<>(group.size());
            java.util.Map<String, String> results = new java.util.HashMap<>();
            for (Settler.Done d : group) {
                deliveries.add(d.execution().delivery());
                if (d.execution().result != null) {
                    results.put(d.execution().delivery().id(), d.execution().result);
                }
            }
            int acked = broker.queue(queue).ackAll(deliveries, results);
            succeeded.addAndGet(acked);
            if (acked == group.size()) {
                for (Settler.Done d : group) {
                    notify(() -> listener.onSucceeded(d.execution().delivery(), d.took()));
                }
            } else {
                LOG.warn("{} of {} tasks of queue '{}' succeeded but their leases were lost before the ack; they may "
                        + "run again: {}", group.size() - acked, group.size(), queue,
                        deliveries.stream().map(Delivery::id).toList());
            }
        } catch (RuntimeException ex) {
            LOG.error("acknowledging {} task(s) of queue '{}' failed: {}; they run again after their leases expire",
                    group.size(), queue, BackendConfig.redact(String.valueOf(ex.getMessage())));
        } finally {
            for (Settler.Done d : group) {
                leave.accept(d.execution());
            }
        }
    }

    /**
     * Times out every running attempt past its deadline. Run every few milliseconds on the timer
     * thread: one sweep over the held deliveries instead of a timer task per attempt, which would take
     * the timer queue's lock twice per task on the hot path. Settles under this processor's lock, so
     * that {@link #awaitSweep()} can wait for a timed-out attempt to be recorded.
     */
    synchronized void sweepTimeouts(Iterable<Execution> held) {
        long now = System.nanoTime();
        for (Execution e : held) {
            if (e.state.get() == Execution.RUNNING && !e.isSettled() && e.timeout != null
                    && now - e.deadlineNanos > 0) {
                timedOut(e, e.timeout);
            }
        }
    }

    /** Returns once no sweep is settling a timed-out attempt (an inline run waits so before it returns). */
    synchronized void awaitSweep() {
        // the lock is the wait: sweepTimeouts holds it while it settles
    }

    private void timedOut(Execution e, Duration timeout) {
        if (!e.claimSettlement()) {
            return;
        }
        e.cancel();
        Delivery d = e.delivery();
        TimeoutError error = new TimeoutError("task " + d.id() + " of type '" + d.task().type() + "' (queue '"
                + d.queue() + "') timed out after " + Durations.format(timeout) + " and was interrupted; raise the task's "
                + "timeout or the worker's default timeout if it needs longer");
        Wiring.Registered reg = handlers.get(d.task().type());
        try {
            failed(e, error, reg == null ? null : reg.handler());
        } catch (RuntimeException ex) {
            LOG.error("settling timed-out task {} (queue '{}') failed; its lease will expire", d.id(), d.queue(), ex);
        }
    }

    private void succeed(Execution e, Duration took) {
        Delivery d = e.delivery();
        if (queue(d).ack(d, e.result)) {
            succeeded.incrementAndGet();
            notify(() -> listener.onSucceeded(d, took));
        } else {
            LOG.warn("task {} (queue '{}') succeeded but its lease was lost before the ack; it may run again",
                    d.id(), d.queue());
        }
    }

    private void failed(Execution e, Throwable failure, TaskHandler<?> handler) {
        Delivery d = e.delivery();
        String error = describe(failure);
        if (e.isCancelRequested()) { // stopped because it was cancelled: the backend ends it as cancelled
            RetryResult r = queue(d).retry(d, Duration.ZERO, "cancelled while running: " + error);
            if (r == RetryResult.CANCELLED) {
                cancelled.incrementAndGet();
                LOG.info("task {} of type '{}' (queue '{}') was cancelled in attempt {}", d.id(), d.task().type(),
                        d.queue(), d.attempt());
                notify(() -> listener.onCancelled(d));
            } else {
                LOG.warn("task {} (queue '{}') was stopped for a cancel, but the backend answered {}", d.id(),
                        d.queue(), r);
            }
            return;
        }
        if (failure instanceof NonRetryableException) {
            deadLetter(e, error);
            return;
        }
        if (failure instanceof RetryLaterException later) {
            postpone(d, later);
            return;
        }
        RetryPolicy policy = policyOf(handler);
        int max = d.task().hasMaxAttempts() ? d.task().maxAttempts() : policy.maxAttempts();
        if (d.attempt() >= max) {
            deadLetter(e, error);
            return;
        }
        Duration delay = policy.delayAfter(d.attempt());
        RetryResult result = queue(d).retry(d, delay, error);
        switch (result) {
            case SCHEDULED -> {
                retried.incrementAndGet();
                LOG.info("task {} of type '{}' (queue '{}') failed attempt {}/{}: {}; retry in {}", d.id(),
                        d.task().type(), d.queue(), d.attempt(), max, error, Durations.format(delay));
                notify(() -> listener.onRetried(d, failure, delay));
            }
            case DEAD_LETTERED -> deadLettered(d, error);
            case CANCELLED -> { // cancelled between the last check and this failure
                cancelled.incrementAndGet();
                notify(() -> listener.onCancelled(d));
            }
            case LEASE_LOST -> LOG.warn("task {} (queue '{}') failed ({}) but its lease was lost; nothing recorded",
                    d.id(), d.queue(), error);
        }
    }

    /** Hands back a task whose handler asked to run it later, the attempt not counted. */
    private void postpone(Delivery d, RetryLaterException later) {
        if (queue(d).release(d, later.delay())) {
            postponed.incrementAndGet();
            LOG.info("task {} of type '{}' (queue '{}') runs again in {}, attempt {} not counted: {}", d.id(),
                    d.task().type(), d.queue(), Durations.format(later.delay()), d.attempt(), later.getMessage());
        } else {
            LOG.warn("task {} (queue '{}') asked to run later but its lease was lost; nothing recorded", d.id(), d.queue());
        }
    }

    /** The handler's own retry policy, else the worker's (also when the handler's cannot be had). */
    private RetryPolicy policyOf(TaskHandler<?> handler) {
        if (handler == null) {
            return retryPolicy;
        }
        try {
            RetryPolicy own = handler.retryPolicy();
            return own != null ? own : retryPolicy;
        } catch (RuntimeException ex) {
            LOG.warn("{}.retryPolicy() threw {}; using the worker's retry policy", handler.getClass().getName(), ex.toString());
            return retryPolicy;
        }
    }

    /** Dead-letters {@code e}, whose settlement the caller has claimed. */
    private void deadLetter(Execution e, String reason) {
        Delivery d = e.delivery();
        if (queue(d).fail(d, reason)) {
            deadLettered(d, reason);
        } else {
            LOG.warn("task {} (queue '{}') could not be dead-lettered: its lease was lost", d.id(), d.queue());
        }
    }

    private void deadLettered(Delivery d, String reason) {
        deadLettered.incrementAndGet();
        LOG.warn("task {} of type '{}' (queue '{}') dead-lettered after attempt {}: {}", d.id(), d.task().type(),
                d.queue(), d.attempt(), reason);
        notify(() -> listener.onDeadLettered(d, reason));
    }

    /** Hands a delivery back unfinished (shutdown, or a lease lost before it ran). */
    void release(Execution e) {
        if (e.claimSettlement()) {
            releaseClaimed(e);
        }
    }

    /** Hands back {@code e}, whose settlement the caller has claimed. */
    void releaseClaimed(Execution e) {
        Delivery d = e.delivery();
        try {
            if (queue(d).release(d)) {
                released.incrementAndGet();
            }
        } catch (RuntimeException ex) {
            LOG.warn("releasing task {} (queue '{}') failed; it will be delivered again when its lease expires: {}",
                    d.id(), d.queue(), BackendConfig.redact(ex.getMessage()));
        }
    }

    private TaskQueue queue(Delivery d) {
        return broker.queue(d.queue());
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ex) {
            LOG.warn("a WorkerListener threw; ignored", ex);
        }
    }

    /** The error text stored with a retry or a dead letter. */
    static String describe(Throwable t) {
        if (t instanceof TimeoutError || t instanceof NonRetryableException) {
            return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        }
        String msg = t.getMessage();
        return t.getClass().getName() + (msg == null ? "" : ": " + msg);
    }

    /** The error a timed-out attempt fails with. */
    static final class TimeoutError extends Exception {
        TimeoutError(String message) {
            super(message, null, false, false);
        }
    }

    /** The interceptor chain of one call; its end decodes the payload and calls the handler. */
    private final class Chain implements Invocation {
        private final TaskHandler<?> handler;
        private final TaskContext context;
        private final Execution execution;
        private int next;

        Chain(TaskHandler<?> handler, TaskContext context, Execution execution) {
            this.handler = handler;
            this.context = context;
            this.execution = execution;
        }

        @Override
        public Delivery delivery() {
            return execution.delivery();
        }

        @Override
        public TaskHandler<?> handler() {
            return handler;
        }

        @Override
        public TaskContext context() {
            return context;
        }

        @Override
        public void proceed() throws Exception {
            int i = next++;
            if (i < interceptors.size()) {
                interceptors.get(i).intercept(this);
                return;
            }
            callHandler(handler);
        }

        private <P> void callHandler(TaskHandler<P> h) throws Exception {
            P payload = PayloadCodec.decode(context.task(), h.payloadType());
            h.handle(payload, context);
        }
    }
}
