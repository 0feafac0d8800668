package dev.spool.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The event log of one queue ({@link Broker#events(String)}): every state change of its tasks, in order,
 * kept by the backend (a capped Redis stream, {@link QueueSettings#eventsKept()} long) and readable from
 * any process. Read it in steps ({@link #read}), follow it on a thread of its own ({@link #follow}), or
 * wait for one task's outcome ({@link #awaitOutcome}).
 */
public final class QueueEvents {
    /** The position before the oldest event kept. */
    public static final String START = "0-0";
    private static final Pattern ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    /** The most events one read returns. */
    private static final int BATCH = 1000;
    /** How long one wait of a follower or an awaitOutcome lasts before it looks around again. */
    private static final Duration STEP = Duration.ofSeconds(1);
    /** How often {@link #awaitOutcome} looks the task up without having seen its final event. */
    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final QueueInspector inspector;
    private final String queue;

    QueueEvents(QueueInspector inspector, String queue) {
        this.inspector = inspector;
        this.queue = queue;
    }

    /** The queue. */
    public String queue() {
        return queue;
    }

    /**
     * Throws {@link InvalidTaskException} (field {@code after}) unless {@code id} is an event id
     * ({@code <ms>-<seq>}, as events carry them, or {@link #START}).
     */
    public static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidTaskException("after", "event id '" + id + "' is not one; pass the id of an event read "
                    + "before (<ms>-<seq>), " + START + " for the oldest kept, or the log's last id for new events only");
        }
        return id;
    }

    /**
     * The checks every backend's {@link QueueInspector#events} makes before it reads: {@code after} an
     * event id, {@code max} at least 1, {@code wait} zero or more.
     */
    public static void check(String after, int max, Duration wait) {
        requireId(after);
        if (max < 1) {
            throw new IllegalArgumentException("events: max is " + max + "; ask for at least 1 event");
        }
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("events: wait is " + wait + "; pass Duration.ZERO not to wait, or a "
                    + "positive duration");
        }
    }

    /** As {@link QueueInspector#events}: up to {@code max} events after {@code after}, waiting up to {@code wait}. */
    public List<QueueEvent> read(String after, int max, Duration wait) {
        return inspector.events(queue, after, max, wait);
    }

    /** The id of the newest event, or {@link #START}: read after it for new events only. */
    public String lastId() {
        return inspector.lastEventId(queue);
    }

    /** A running {@link #follow}; {@link #close()} stops it. */
    public interface Subscription extends AutoCloseable {
        /** Stops delivering events and ends the follower's thread (within about a second). */
        @Override
        void close();

        /** The id of the last event delivered, for a later follower to go on from. */
        String position();
    }

    /**
     * Delivers every event after {@code from} ({@link #START} for all kept, null for new events only) to
     * {@code listener}, in order, on a daemon thread of its own, until the subscription is closed. A
     * backend that cannot be reached is tried again every second; the position is kept, so nothing
     * still in the log is missed. An exception from the listener is its own: the event counts as
     * delivered and the next one follows.
     */
    public Subscription follow(String from, Consumer<QueueEvent> listener) {
        String start = from == null ? lastId() : requireId(from);
        Follower f = new Follower(start, listener);
        Thread t = new Thread(f, "spool-events-" + queue);
        t.setDaemon(true);
        f.thread = t;
        t.start();
        return f;
    }

    private final class Follower implements Subscription, Runnable {
        private final Consumer<QueueEvent> listener;
        private volatile String position;
        private volatile boolean closed;
        private Thread thread;

        Follower(String start, Consumer<QueueEvent> listener) {
            this.position = start;
            this.listener = listener;
        }

        @Override
        public void run() {
            while (!closed) {
                List<QueueEvent> got;
                try {
                    got = read(position, BATCH, STEP);
                } catch (RuntimeException e) {
                    pause();
                    continue;
                }
                for (QueueEvent e : got) {
                    if (closed) {
                        return;
                    }
                    position = e.id();
                    try {
                        listener.accept(e);
                    } catch (RuntimeException ignored) {
                        // the listener's own failure: the event was delivered
                    }
                }
            }
        }

        private void pause() {
            try {
                TimeUnit.MILLISECONDS.sleep(STEP.toMillis());
            } catch (InterruptedException e) {
                closed = true;
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                thread.join(STEP.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String position() {
            return position;
        }
    }

    /**
     * Waits up to {@code timeout} for task {@code taskId} to end: reads the log from before it looks the
     * task up, so no final event can slip by, and looks again only when the task's own final event comes
     * (or every 5 seconds, in case a busy log trimmed it first). A queue without an event log
     * ({@link QueueSettings#eventsKept()} 0) is polled instead, from 20 ms up to once a second.
     *
     * @return the task in its final state, or in its current state when the timeout came first; empty when
     *         the queue holds no such task or it ended without being kept (give it a retention)
     */
    public Optional<TaskInfo> awaitOutcome(String taskId, Duration timeout) {
        Task.requireTaskId(taskId);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean logged = inspector.settings(queue).eventsOn();
        String position = logged ? lastId() : null;
        Optional<TaskInfo> info = inspector.task(queue, taskId);
        long poll = 20;
        long recheck = System.nanoTime() + RECHECK.toNanos();
        while (info.isPresent() && !info.get().state().isFinal()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            if (!logged) {
                sleep(Math.min(poll, left));
                poll = Math.min(poll * 2, 1000);
                info = inspector.task(queue, taskId);
                continue;
            }
            List<QueueEvent> got = read(position, BATCH, Duration.ofMillis(Math.min(left, STEP.toMillis())));
            boolean ended = false;
            for (QueueEvent e : got) {
                position = e.id();
                ended |= e.kind().isFinal() && e.taskId().equals(taskId);
            }
            if (ended || System.nanoTime() - recheck >= 0) {
                recheck = System.nanoTime() + RECHECK.toNanos();
                info = inspector.task(queue, taskId);
            }
        }
        return info;
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpoolException("interrupted while waiting for a task's outcome");
        }
    }
}
