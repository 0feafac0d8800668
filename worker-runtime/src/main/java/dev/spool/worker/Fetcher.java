package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
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
 *   <li>on a backend error, log it and back off (1 s doubling to 30 s) instead of spinning;</li>
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
    private volatile boolean running = true;
    private boolean idle; // the last round found nothing (fetch thread only)

    Fetcher(Broker broker, QueueOrder order, Semaphore slots, Duration lease, Duration idleWait,
            Consumer<Delivery> dispatch, Consumer<Delivery> handBack) {
        this.broker = broker;
        this.order = order;
        this.slots = slots;
        this.lease = lease;
        this.idleWait = idleWait;
        this.dispatch = dispatch;
        this.handBack = handBack;
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
                if (backoffMs > 0) {
                    LOG.info("the backend answers again; fetching resumed");
                }
                backoffMs = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoffMs = backoffMs == 0 ? 1000 : Math.min(backoffMs * 2, 30_000);
                LOG.warn("fetching from {} failed: {}; retrying in {} ms", order.names(),
                        BackendConfig.redact(String.valueOf(e.getMessage())), backoffMs);
                sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 5 + 1));
            } finally {
                slots.release(taken - got);
            }
        }
    }

    private int fetchRound(int want) {
        List<String> round = order.nextRound();
        int got = 0;
        // One queue: the waiting fetch returns at once when tasks are ready, so it is the only call.
        // After an empty round, go straight to waiting rather than polling every queue once more.
        if (round.size() > 1 && !idle) {
            for (String q : round) {
                if (got == want || !running) {
                    return got;
                }
                got += deliver(broker.queue(q).fetch(want - got, Duration.ZERO, lease));
            }
            if (got > 0) {
                return got;
            }
        }
        Duration wait = idleWait.dividedBy(round.size());
        for (String q : round) {
            if (!running) {
                return got;
            }
            got += deliver(broker.queue(q).fetch(want, wait, lease));
            if (got > 0) {
                idle = false;
                return got;
            }
        }
        idle = true;
        return got;
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
