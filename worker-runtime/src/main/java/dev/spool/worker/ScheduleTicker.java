package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the backend's due schedules ({@link dev.spool.api.Schedules#fireDue()}), run by the worker's
 * timer once a second. Every worker runs one and each tick still fires once, so a schedule keeps
 * firing while any worker lives. A failure is logged once until a call works again, and reported to
 * the health check like a failing fetch.
 */
final class ScheduleTicker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTicker.class);
    /** How often the due ticks are looked for. */
    static final long INTERVAL_MS = 1000;
    private static final String FIRING = "firing the schedules";

    private final Broker broker;
    private final Failures failures;
    private boolean failing;

    ScheduleTicker(Broker broker, Failures failures) {
        this.broker = broker;
        this.failures = failures;
    }

    @Override
    public void run() {
        try {
            int fired = broker.schedules().fireDue();
            if (fired > 0) {
                LOG.debug("fired {} schedule tick(s)", fired);
            }
            failures.succeeded(FIRING);
            if (failing) {
                LOG.info("schedules fired again");
            }
            failing = false;
        } catch (RuntimeException e) {
            String why = BackendConfig.redact(String.valueOf(e.getMessage()));
            if (!failing) {
                LOG.warn("firing the schedules failed: {}; trying again every second", why);
            }
            failing = true;
            failures.failed(FIRING, why);
        }
    }
}
