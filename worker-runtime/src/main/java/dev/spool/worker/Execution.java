package dev.spool.worker;

import dev.spool.api.Delivery;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivery held by the worker, from fetch until it leaves. Three parties race for it (the
 * handler thread, the timeout timer and the shutdown), so its transitions are compare-and-set:
 * <ul>
 *   <li>{@code state}: QUEUED (fetched, waiting for a thread) → RUNNING, or QUEUED → DROPPED
 *       (handed back unstarted);</li>
 *   <li>{@code settled}: exactly one party acks, retries, fails or releases the delivery;</li>
 *   <li>{@code left}: the worker's slot is given back exactly once.</li>
 * </ul>
 */
final class Execution {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DROPPED = 2;

    final AtomicInteger state = new AtomicInteger(QUEUED);
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean left = new AtomicBoolean();
    private volatile Delivery delivery;
    private volatile boolean cancelled;
    private volatile boolean stopping;
    private volatile boolean cancelRequested;
    private Thread runner; // guarded by this
    volatile long startNanos;
    /** When the running attempt times out (System.nanoTime), checked by the sweeper; valid while RUNNING. */
    volatile long deadlineNanos;
    /** The attempt's timeout, for the message. */
    volatile java.time.Duration timeout;
    /** The handler's result ({@code TaskContext.setResult}), JSON; null when it gave none. */
    volatile String result;
    /** The handler's latest progress report not yet written ({@link ProgressReports}); null for none. */
    final java.util.concurrent.atomic.AtomicReference<ProgressReports.Report> pendingProgress =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** When a progress report of this attempt was last written (System.nanoTime); 0 for never. */
    volatile long progressSentNanos = System.nanoTime() - java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    final Object progressLock = new Object();

    Execution(Delivery delivery) {
        this.delivery = delivery;
    }

    Delivery delivery() {
        return delivery;
    }

    void renewed(Delivery d) {
        delivery = d;
    }

    /** Claims the right to settle the delivery; true for exactly one caller. */
    boolean claimSettlement() {
        return settled.compareAndSet(false, true);
    }

    boolean isSettled() {
        return settled.get();
    }

    /** Claims the right to give the slot back; true for exactly one caller. */
    boolean claimLeave() {
        return left.compareAndSet(false, true);
    }

    boolean isCancelled() {
        return cancelled;
    }

    synchronized void bind(Thread thread) {
        runner = thread;
    }

    /** The handler returned: forget the thread, so no later interrupt can reach it. */
    synchronized void unbind() {
        runner = null;
    }

    /**
     * The worker is shutting down: {@link dev.spool.api.TaskContext#isCancelled()} turns true so a
     * cooperative handler can stop early (it is then handed back, not failed); no interrupt yet.
     */
    void stopping() {
        stopping = true;
        cancelled = true;
    }

    /** True once the worker asked this attempt to stop because it is shutting down. */
    boolean isStopping() {
        return stopping;
    }

    /** The task was cancelled while held ({@code QueueInspector.cancel}): stop the attempt as {@link #cancel()} does. */
    void cancelByRequest() {
        cancelRequested = true;
        cancel();
    }

    /** True once the task was cancelled by request while this worker held it. */
    boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Marks the attempt cancelled and interrupts its thread if the handler is still running. */
    synchronized void cancel() {
        cancelled = true;
        if (runner != null) {
            runner.interrupt();
        }
    }
}
