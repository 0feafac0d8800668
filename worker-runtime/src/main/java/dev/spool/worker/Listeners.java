package dev.spool.worker;

import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/** Fans one event out to every listener; a listener that throws is logged and skipped. */
record Listeners(List<WorkerListener> all) implements WorkerListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    @Override
    public void onStarted(Delivery d) {
        all.forEach(l -> safe(() -> l.onStarted(d)));
    }

    @Override
    public void onSucceeded(Delivery d, Duration took) {
        all.forEach(l -> safe(() -> l.onSucceeded(d, took)));
    }

    @Override
    public void onRetried(Delivery d, Throwable error, Duration delay) {
        all.forEach(l -> safe(() -> l.onRetried(d, error, delay)));
    }

    @Override
    public void onDeadLettered(Delivery d, String reason) {
        all.forEach(l -> safe(() -> l.onDeadLettered(d, reason)));
    }

    @Override
    public void onCancelled(Delivery d) {
        all.forEach(l -> safe(() -> l.onCancelled(d)));
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a WorkerListener threw; ignored", e);
        }
    }
}
