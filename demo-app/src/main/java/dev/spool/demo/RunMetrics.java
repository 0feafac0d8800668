package dev.spool.demo;

import dev.spool.api.Delivery;
import dev.spool.demo.handlers.LogStats;
import dev.spool.worker.WorkerListener;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the in-process workers do, as a {@link WorkerListener}: tasks finished (succeeded
 * or dead-lettered), retries, dead letters with their reasons, and each task's end-to-end latency
 * (from enqueue, {@code Task#createdAt}, to the start of its first attempt). Listener methods run
 * on worker threads, so everything here is lock-free and quick.
 */
final class RunMetrics implements WorkerListener, Progress {
    private final Clock clock;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lastFinishedNanos = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<DeadTask> dead = new ConcurrentLinkedQueue<>();

    /** A task that became a dead letter, and why. */
    record DeadTask(String id, String type, int attempt, String reason) {
    }

    RunMetrics(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onStarted(Delivery d) {
        if (d.attempt() == 1 && d.task().createdAt() != null) {
            latenciesMs.add(Math.max(0, clock.millis() - d.task().createdAt().toEpochMilli()));
        }
    }

    @Override
    public void onSucceeded(Delivery d, Duration took) {
        succeeded.incrementAndGet();
        lastFinishedNanos.set(System.nanoTime());
    }

    @Override
    public void onRetried(Delivery d, Throwable error, Duration delay) {
        retried.incrementAndGet();
    }

    @Override
    public void onDeadLettered(Delivery d, String reason) {
        dead.add(new DeadTask(d.id(), d.task().type(), d.attempt(), reason));
        deadLettered.incrementAndGet();
        lastFinishedNanos.set(System.nanoTime());
    }

    @Override
    public long finished() {
        return succeeded.get() + deadLettered.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    @Override
    public long retried() {
        return retried.get();
    }

    @Override
    public long deadLettered() {
        return deadLettered.get();
    }

    /** {@link System#nanoTime()} when the last task finished, 0 before any did. */
    long lastFinishedNanos() {
        return lastFinishedNanos.get();
    }

    /** The dead letters seen, in the order they happened. */
    List<DeadTask> deadTasks() {
        return new ArrayList<>(dead);
    }

    /** End-to-end latency percentiles, in milliseconds. */
    LogStats.Percentiles latency() {
        return LogStats.Percentiles.ofValues(new ArrayList<>(latenciesMs));
    }
}
