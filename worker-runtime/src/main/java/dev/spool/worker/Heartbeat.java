package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.WorkerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Tells the worker registry this worker is alive (id, host, pid, queues, concurrency, held
 * deliveries, start time) with a time-to-live of three beats, so a worker gone silent drops out of
 * {@code spool workers}; and refreshes the queue-depth gauges from the inspector.
 */
final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Broker broker;
    private final String id;
    private final String host;
    private final List<String> queues;
    private final int concurrency;
    private final IntSupplier inFlight;
    private final Instant startedAt;
    private final Duration ttl;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private boolean failing;
    private final Set<String> failingStats = new HashSet<>();
    private boolean stopped; // guarded by this: no beat may re-register the worker after deregister()

    Heartbeat(Broker broker, String id, String host, List<String> queues, int concurrency, IntSupplier inFlight,
              Instant startedAt, Duration ttl, Clock clock, WorkerMetrics metrics) {
        this.broker = broker;
        this.id = id;
        this.host = host;
        this.queues = queues;
        this.concurrency = concurrency;
        this.inFlight = inFlight;
        this.startedAt = startedAt;
        this.ttl = ttl;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        try {
            broker.workers().heartbeat(new WorkerInfo(id, host, ProcessHandle.current().pid(), queues, concurrency,
                    inFlight.getAsInt(), startedAt, clock.instant()), ttl);
            queueStats();
            if (failing) {
                LOG.info("heartbeat of worker {} recorded again", id);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("heartbeat of worker {} failed: {}", id, BackendConfig.redact(e.getMessage()));
            }
            failing = true;
        }
    }

    /** Refreshes each queue's depth gauges; a queue whose stats fail (e.g. a broken key) keeps its last figures. */
    private void queueStats() {
        for (String q : queues) {
            try {
                metrics.queueStats(broker.inspector().stats(q));
                failingStats.remove(q);
            } catch (RuntimeException e) {
                if (failingStats.add(q)) {
                    LOG.warn("stats of queue '{}' failed: {}; its depth gauges keep their last figures",
                            q, BackendConfig.redact(e.getMessage()));
                }
            }
        }
    }

    synchronized void deregister() {
        stopped = true;
        try {
            broker.workers().deregister(id);
        } catch (RuntimeException e) {
            LOG.warn("deregistering worker {} failed: {}; it drops out when its heartbeat expires", id,
                    BackendConfig.redact(e.getMessage()));
        }
    }
}
