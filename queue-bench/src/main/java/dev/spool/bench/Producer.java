package dev.spool.bench;

import dev.spool.api.Task;
import dev.spool.api.TaskQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A producer at a fixed rate: {@code threads} threads, each sending one task at a time with
 * {@code enqueue} on its own schedule (thread k sends at start + (k + i × threads) / rate), so the
 * offered load is even. A thread that falls behind sends at once without skipping, so the achieved
 * rate shows whether the producer kept up.
 */
final class Producer {
    private Producer() {
    }

    /** Sends for {@code seconds} at {@code rate} tasks/s; returns how many were sent. */
    static long run(TaskQueue queue, double rate, double seconds, Supplier<Task> tasks) throws InterruptedException {
        int threads = (int) Math.max(1, Math.min(4, Math.ceil(rate / 3000)));
        long total = (long) (rate * seconds);
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        AtomicLong sent = new AtomicLong();
        List<Thread> list = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int first = k;
            Thread t = new Thread(() -> {
                for (long i = first; i < total; i += threads) {
                    long due = start + (long) (i * periodNanos);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        if (wait > 60_000) {
                            LockSupport.parkNanos(wait - 50_000);
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    queue.enqueue(tasks.get());
                    sent.incrementAndGet();
                }
            }, "bench-producer-" + k);
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (errors) {
                    errors.add(e);
                }
            });
            list.add(t);
            t.start();
        }
        for (Thread t : list) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the producer failed: " + errors.get(0), errors.get(0));
        }
        return sent.get();
    }
}
