package dev.spool.worker.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT for the worker: the first asks for a graceful stop (the worker then exits 0);
 * a second one stops the process at once (exit 130 for INT, 143 for TERM) without handing leases
 * back, so its tasks are delivered again when their leases expire. Uses {@code sun.misc.Signal}
 * because a shutdown hook can neither choose the exit code nor tell a second signal from the first.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Installs the handlers; {@code stop} is counted down at the first signal. */
    @SuppressWarnings("removal")
    static void install(CountDownLatch stop) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (count.incrementAndGet() == 1) {
                        LOG.info("SIG{} received: stopping gracefully (send it again to stop at once)", sig.getName());
                        stop.countDown();
                    } else {
                        LOG.warn("second signal (SIG{}): stopping at once; held tasks return when their leases expire",
                                sig.getName());
                        Runtime.getRuntime().halt(128 + sig.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} on this platform", name);
            }
        }
    }
}
