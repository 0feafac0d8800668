package dev.spool.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Acknowledges successful attempts in groups, on one thread ("group commit"). A handler thread
 * hands its finished delivery over and takes the next task at once. The settler acknowledges
 * whatever has gathered as soon as it is free, with one {@code ackAll} per queue: under light load
 * that is one task per call and costs no extra wait; under heavy load one call acknowledges dozens.
 * A delivery stays held until it is acknowledged, so shutdown waits for its ack.
 */
final class Settler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Settler.class);
    static final int MAX_BATCH = 256;

    /** A successful attempt waiting for its ack. */
    record Done(Execution execution, Duration took) {
    }

    private final LinkedBlockingQueue<Done> pending = new LinkedBlockingQueue<>();
    private final Processor processor;
    private volatile boolean running = true;

    Settler(Processor processor) {
        this.processor = processor;
    }

    void submit(Execution e, Duration took) {
        pending.add(new Done(e, took));
    }

    /** Stops after acknowledging everything already handed over. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        List<Done> batch = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Done first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                Map<String, List<Done>> byQueue = new LinkedHashMap<>();
                for (Done d : batch) {
                    byQueue.computeIfAbsent(d.execution().delivery().queue(), q -> new ArrayList<>()).add(d);
                }
                byQueue.forEach(processor::ackGroup);
            } catch (InterruptedException e) {
                if (!running) {
                    Thread.currentThread().interrupt();
                    LOG.warn("settler interrupted with {} acknowledgement(s) pending; those tasks run again after "
                            + "their leases expire", pending.size());
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("acknowledging {} task(s) failed; they run again after their leases expire", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }
}
