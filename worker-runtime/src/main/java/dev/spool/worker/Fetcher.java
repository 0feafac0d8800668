package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fetch loop, on one thread. Its duties:
 * <ol>
 *   <li>take as many free slots as there are (handler threads plus prefetch), at least one;</li>
 *   <li>fill them with one batch fetch per queue, in the round's {@link QueueOrder}, without waiting
 *       (with one queue, or right after an empty round, this step is skipped);</li>
 *   <li>when every queue was empty, wait on the server for each queue in turn (a share of
 *       {@code idleWait} per queue, so a task in any queue is seen within about {@code idleWait});</li>
 *   <li>when the fetch of one queue fails (e.g. a key of the wrong type, a script error), log it and
 *       rest THAT queue on its own {@link QueueBackoff} (1 s doubling to 30 s, one log line per step);
 *       the other queues keep their pace. When every queue rests (e.g. Redis is down), sleep until
 *       the first one may be tried again instead of spinning;</li>
 *   <li>after stop, hand back anything a fetch still returned.</li>
 * </ol>
 */
final class Fetcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    static final int MAX_BATCH = 100;

    private final Broker broker;
    private final QueueOrder order;
    private final Semaphore slots;
    private final Duration lease;
    private final Duration idleWait;
    private final Consumer<Delivery> dispatch;
    private final Consumer<Delivery> handBack;
    private final Consumer<String> fetchFailed;
    private final Failures failures;
    private volatile boolean running = true;
    private final QueueBackoff backoff = new QueueBackoff(System::nanoTime, new SplittableRandom());
    private boolean idle; // the last round found nothing (fetch thread only)

    Fetcher(Broker broker, QueueOrder order, Semaphore slots, Duration lease, Duration idleWait,
            Consumer<Delivery> dispatch, Consumer<Delivery> handBack, Consumer<String> fetchFailed, Failures failures) {
        this.broker = broker;
        this.order = order;
        this.slots = slots;
        this.lease = lease;
        this.idleWait = idleWait;
        this.dispatch = dispatch;
        this.handBack = handBack;
        this.fetchFailed = fetchFailed;
        this.failures = failures;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long backoffMs = 0;
        while (running) {
            int taken = 0;
            int got = 0;
            try {
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                taken = 1;
                while (taken < MAX_BATCH && slots.tryAcquire()) {
                    taken++;
                }
                got = fetchRound(taken);
                backoffMs = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // not a fetch (those are caught per queue): a bug, but never spin
                backoffMs = backoffMs == 0 ? QueueBackoff.FIRST_MS : Math.min(backoffMs * 2, QueueBackoff.MAX_MS);
                LOG.warn("fetch round over {} failed: {}; retrying in {} ms", order.names(),
                        BackendConfig.redact(String.valueOf(e)), backoffMs);
                sleep(backoffMs);
            } finally {
                slots.release(taken - got);
            }
        }
    }

    private int fetchRound(int want) {
        List<String> round = ready(order.nextRound());
        if (round.isEmpty()) { // every queue rests after a failure: wait for the first to be tried again
            sleep(backoff.millisUntilFirstReady(order.names()));
            return 0;
        }
        int got = 0;
        // One queue: the waiting fetch returns at once when tasks are ready, so it is the only call.
        // After an empty round, go straight to waiting rather than polling every queue once more.
        if (round.size() > 1 && !idle) {
            for (String q : round) {
                if (got == want || !running) {
                    return got;
                }
                got += deliver(fetch(q, want - got, Duration.ZERO));
            }
            if (got > 0) {
                return got;
            }
            round = ready(round); // without a queue that has just failed
            if (round.isEmpty()) {
                return got;
            }
        }
        Duration wait = idleWait.dividedBy(round.size());
        for (String q : round) {
            if (!running) {
                return got;
            }
            if (backoff.resting(q)) {
                continue; // failed earlier in this round
            }
            got += deliver(fetch(q, want, wait));
            if (got > 0) {
                idle = false;
                return got;
            }
        }
        idle = true;
        return got;
    }

    /** The queues of the round that do not rest after a failed fetch, in the round's order. */
    private List<String> ready(List<String> round) {
        List<String> out = null;
        for (int i = 0; i < round.size(); i++) {
            boolean rests = backoff.resting(round.get(i));
            if (rests && out == null) {
                out = new ArrayList<>(round.subList(0, i));
            } else if (!rests && out != null) {
                out.add(round.get(i));
            }
        }
        return out == null ? round : out;
    }

    /** One queue's fetch; a failure is logged and rests that queue, and counts as an empty batch. */
    private List<Delivery> fetch(String queue, int max, Duration wait) {
        List<Delivery> batch;
        try {
            batch = broker.queue(queue).fetch(max, wait, lease);
        } catch (RuntimeException e) {
            if (!running) {
                return List.of(); // stopping: the connection may be closing under the fetch
            }
            long ms = backoff.failed(queue);
            fetchFailed.accept(queue);
            failures.failed(fetching(queue), BackendConfig.redact(String.valueOf(e.getMessage())));
            LOG.warn("fetching from queue '{}' failed: {}; trying that queue again in {} ms{}", queue,
                    BackendConfig.redact(String.valueOf(e.getMessage())), ms,
                    order.names().size() > 1 ? ", the other queues go on" : "");
            return List.of();
        }
        if (backoff.succeeded(queue)) {
            LOG.info("queue '{}' answers again; fetching from it resumed", queue);
            failures.succeeded(fetching(queue));
        }
        return batch;
    }

    private static String fetching(String queue) {
        return "fetching from queue '" + queue + "'";
    }

    /** Dispatches the batch; returns how many took a slot (those handed back after stop do not). */
    private int deliver(List<Delivery> batch) {
        int n = 0;
        for (Delivery d : batch) {
            if (running) {
                dispatch.accept(d);
                n++;
            } else {
                handBack.accept(d);
            }
        }
        return n;
    }

    private void sleep(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(100, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
