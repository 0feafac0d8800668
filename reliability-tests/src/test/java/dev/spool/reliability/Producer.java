package dev.spool.reliability;

import dev.spool.api.EnqueueResult;
import dev.spool.api.Task;
import dev.spool.api.TaskQueue;
import dev.spool.reliability.handler.RecordingHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enqueues the run's tasks at a steady rate, in batches, and keeps honest books. Its duties:
 * <ol>
 *   <li>enqueue {@code total} tasks {@code t-0000001...}, one in {@code poisonEvery} poisoned (it always
 *       fails, {@code maxAttempts} 2, so it must end as a dead letter);</li>
 *   <li>count a task as accepted only when {@code enqueueAll} returned ACCEPTED for it;</li>
 *   <li>when an enqueue throws (Redis restarting, connection killed), note the batch as uncertain (it may
 *       or may not be stored: the API says so) and enqueue its tasks again under new ids.</li>
 * </ol>
 */
final class Producer implements Runnable {

    /**
     * A check after each accepted batch that the batch is durable enough to count (e.g. WAIT for a replica);
     * false makes the batch uncertain, as if the enqueue had thrown.
     */
    interface Confirm {
        boolean confirmed();
    }

    private final int batch;
    private final String prefix;
    private final Confirm confirm;
    private final TaskQueue queue;
    private final int total;
    private final int poisonEvery;
    private final int ratePerSecond;
    private final long sleepMs;
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Every poisoned id built, accepted or uncertain. */
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    /** When each accepted task was acknowledged to the producer (wall clock). */
    final java.util.Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    final AtomicLong enqueueErrors = new AtomicLong();
    final AtomicLong unconfirmed = new AtomicLong();
    final List<String> errorSamples = new ArrayList<>();
    private volatile boolean done;
    /** Set when a batch could not be enqueued for {@link #GIVE_UP_MS}: the producer stopped. */
    volatile AssertionError failure;

    static final long GIVE_UP_MS = 120_000;

    Producer(TaskQueue queue, int total, int poisonEvery, int ratePerSecond, long sleepMs) {
        this(queue, "t-", 50, total, poisonEvery, ratePerSecond, sleepMs, () -> true);
    }

    Producer(TaskQueue queue, String prefix, int batch, int total, int poisonEvery, int ratePerSecond, long sleepMs,
             Confirm confirm) {
        this.queue = queue;
        this.prefix = prefix;
        this.batch = batch;
        this.confirm = confirm;
        this.total = total;
        this.poisonEvery = poisonEvery;
        this.ratePerSecond = ratePerSecond;
        this.sleepMs = sleepMs;
    }

    boolean isDone() {
        return done;
    }

    /** Accepted tasks that are not poisoned: each must succeed. */
    Set<String> acceptedGood() {
        Set<String> good = new java.util.HashSet<>(accepted);
        good.removeAll(poisoned);
        return good;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        try {
            for (int from = 1; from <= total; from += batch) {
                int to = Math.min(total, from + batch - 1);
                if (!enqueueBatch(from, to)) {
                    return;
                }
                long due = t0 + (long) ((to * 1e9) / ratePerSecond);
                long ahead = (due - System.nanoTime()) / 1_000_000;
                if (ahead > 0) {
                    Poll.sleep(ahead);
                }
            }
        } finally {
            done = true;
        }
    }

    private boolean enqueueBatch(int from, int to) {
        long giveUpAt = System.currentTimeMillis() + GIVE_UP_MS;
        for (int round = 0; ; round++) {
            if (System.currentTimeMillis() > giveUpAt) {
                failure = new AssertionError("tasks " + from + ".." + to + " could not be enqueued (and confirmed) in "
                        + GIVE_UP_MS / 1000 + " s, " + round + " tries; errors e.g. " + errorSamples);
                return false;
            }
            List<Task> tasks = new ArrayList<>();
            for (int n = from; n <= to; n++) {
                boolean poison = n % poisonEvery == 0;
                String id = prefix + String.format("%07d", n) + (round == 0 ? "" : "-r" + round);
                if (poison) {
                    poisoned.add(id);
                }
                tasks.add(Task.builder(RecordingHandler.TYPE).id(id)
                        .payload("{\"sleepMs\":" + sleepMs + ",\"poison\":" + poison + "}")
                        .maxAttempts(poison ? 2 : Task.DEFAULT_MAX_ATTEMPTS).build());
            }
            try {
                List<EnqueueResult> results = queue.enqueueAll(tasks);
                for (int i = 0; i < tasks.size(); i++) {
                    EnqueueResult r = results.get(i);
                    if (!r.accepted()) {
                        throw new AssertionError("task " + tasks.get(i).id() + " was refused as " + r);
                    }
                }
                if (!confirm.confirmed()) {
                    unconfirmed.incrementAndGet();
                    tasks.forEach(t -> uncertain.add(t.id()));
                    continue;
                }
                long now = System.currentTimeMillis();
                for (EnqueueResult r : results) {
                    accepted.add(r.taskId());
                    acceptedAt.put(r.taskId(), now);
                }
                return true;
            } catch (RuntimeException e) {
                enqueueErrors.incrementAndGet();
                synchronized (errorSamples) {
                    if (errorSamples.size() < 5) {
                        errorSamples.add(e.toString());
                    }
                }
                tasks.forEach(t -> uncertain.add(t.id()));
                Poll.sleep(200);
            }
        }
    }
}
