package dev.spool.worker;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Small thread and host helpers of the worker. */
final class Threads {
    private Threads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Waits for {@code t} to end, at most {@code max}. */
    static void join(Thread t, Duration max) {
        if (t == null) {
            return;
        }
        try {
            t.join(max.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code t} to end, at most until {@code deadlineNanos} ({@link System#nanoTime()}); never forever. */
    static void joinUntil(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (t != null && left > 0) {
            join(t, Duration.ofNanos(Math.max(left, 1_000_000)));
        }
    }

    /**
     * Runs {@code work} on a daemon thread of its own and waits for it at most until {@code deadlineNanos}:
     * work that calls a backend which does not answer is left behind rather than waited for.
     *
     * @return true when it ended in time
     */
    static boolean runUntil(String name, Runnable work, long deadlineNanos) {
        Thread t = daemon(name).newThread(work);
        t.start();
        joinUntil(t, deadlineNanos);
        return !t.isAlive();
    }

    /** This host's name, or {@code localhost} when it cannot be found. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
