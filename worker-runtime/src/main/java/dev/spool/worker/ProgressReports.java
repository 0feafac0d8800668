package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Writes the handlers' progress reports ({@code TaskContext.progress}) to the backend, throttled: at
 * most one write per attempt every {@link #MIN_INTERVAL_MS}. A report that comes sooner waits as the
 * attempt's pending one (a later report replaces it) and is written by {@link #flushDue} on the
 * worker's timer, so a handler calling it in a tight loop costs one write per half second and the last
 * report is still the one kept. A failed write is logged and dropped: progress is advisory, and the
 * next report carries the newer value anyway.
 */
final class ProgressReports {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReports.class);
    static final long MIN_INTERVAL_MS = 500;
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS);

    /** One report of an attempt: the values as checked by {@code TaskProgress.check}. */
    record Report(int percent, String detail) {
    }

    private final Broker broker;

    ProgressReports(Broker broker) {
        this.broker = broker;
    }

    /** A handler's report: written now when the attempt's last write is old enough, else left pending. */
    void report(Execution e, Report r) {
        e.pendingProgress.set(r);
        if (System.nanoTime() - e.progressSentNanos >= MIN_INTERVAL_NANOS) {
            flush(e);
        }
    }

    /** Writes the pending report of every held attempt whose last write is old enough (the timer's task). */
    void flushDue(Collection<Execution> held) {
        long now = System.nanoTime();
        for (Execution e : held) {
            if (e.pendingProgress.get() != null && now - e.progressSentNanos >= MIN_INTERVAL_NANOS) {
                flush(e);
            }
        }
    }

    private void flush(Execution e) {
        synchronized (e.progressLock) { // one write at a time per attempt, so an older report never lands last
            Report r = e.pendingProgress.getAndSet(null);
            if (r == null || e.isSettled()) {
                return;
            }
            e.progressSentNanos = System.nanoTime();
            try {
                broker.queue(e.delivery().queue()).progress(e.delivery(), r.percent(), r.detail());
            } catch (RuntimeException ex) {
                LOG.debug("writing the progress of task {} (queue '{}') failed: {}; the next report is written as usual",
                        e.delivery().id(), e.delivery().queue(), BackendConfig.redact(ex.getMessage()));
            }
        }
    }
}
