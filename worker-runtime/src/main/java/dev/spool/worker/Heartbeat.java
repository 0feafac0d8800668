package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.QueueStats;
import dev.spool.api.WorkerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    private final Failures failures;
    private static final String HEARTBEAT = "the heartbeat";
    private boolean failing;
    private final Set<String> failingStats = new HashSet<>();
    /** Each queue's count of dead letters dropped by the bounds, as last seen. */
    private final Map<String, Long> deadDropped = new HashMap<>();
    private boolean stopped; // guarded by this: no beat may re-register the worker after deregister()

    Heartbeat(Broker broker, String id, String host, List<String> queues, int concurrency, IntSupplier inFlight,
              Instant startedAt, Duration ttl, Clock clock, WorkerMetrics metrics, Failures failures) {
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
        this.failures = failures;
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        try {
            broker.workers().heartbeat(new WorkerInfo(id, host, ProcessHandle.current().pid(), queues, concurrency,
                    inFlight.getAsInt(), startedAt, clock.instant()), ttl);
            failures.succeeded(HEARTBEAT);
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
            failures.failed(HEARTBEAT, BackendConfig.redact(String.valueOf(e.getMessage())));
        }
    }

    /** Refreshes each queue's depth gauges; a queue whose stats fail (e.g. a broken key) keeps its last figures. */
    private void queueStats() {
        for (String q : queues) {
            try {
                QueueStats s = broker.inspector().stats(q);
                metrics.queueStats(s);
                reportDeadDropped(s);
                failingStats.remove(q);
            } catch (RuntimeException e) {
                if (failingStats.add(q)) {
                    LOG.warn("stats of queue '{}' failed: {}; its depth gauges keep their last figures",
                            q, BackendConfig.redact(e.getMessage()));
                }
            }
        }
    }

    /**
     * One line per heartbeat in which a queue's dead-letter bounds dropped dead letters (and one at start
     * when some were dropped before): dropped dead letters are gone unread, which nobody should learn late.
     */
    private void reportDeadDropped(QueueStats s) {
        Long before = deadDropped.put(s.queue(), s.deadDropped());
        long now = s.deadDropped();
        if (before == null ? now > 0 : now > before) {
            LOG.warn("queue '{}': {} dead letter(s) dropped by the dead-letter bounds (backend options dead.max-count, "
                            + "dead.max-age) {}, {} in all; requeue or delete dead letters sooner, or raise the bounds",
                    s.queue(), before == null ? now : now - before, before == null ? "before this worker started"
                            : "since the last heartbeat", now);
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
