package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Renews, every third of the lease, the lease of every delivery the worker holds and has not
 * settled (running, or fetched and waiting for a thread), so a long task keeps its lease while the
 * worker lives. A renewal the backend refuses means the lease was lost (it expired and the task
 * may run elsewhere): a waiting delivery is dropped, a running one is cancelled and its result
 * ignored.
 */
final class LeaseKeeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Broker broker;
    private final Collection<Execution> held;
    private final Duration lease;
    private final Clock clock;
    private final java.util.function.Consumer<Execution> drop;

    LeaseKeeper(Broker broker, Collection<Execution> held, Duration lease, Clock clock,
                java.util.function.Consumer<Execution> drop) {
        this.broker = broker;
        this.held = held;
        this.lease = lease;
        this.clock = clock;
        this.drop = drop;
    }

    @Override
    public void run() {
        for (Execution e : held) {
            if (e.isSettled()) {
                continue;
            }
            Delivery d = e.delivery();
            try {
                if (broker.queue(d.queue()).renew(d, lease)) {
                    e.renewed(d.withLeaseDeadline(clock.instant().plus(lease)));
                } else if (e.claimSettlement()) {
                    LOG.warn("lease of task {} (queue '{}') was lost (it expired; the task may run elsewhere); "
                            + "cancelling this attempt", d.id(), d.queue());
                    e.cancel();
                    if (e.state.compareAndSet(Execution.QUEUED, Execution.DROPPED)) {
                        drop.accept(e);
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("renewing the lease of task {} (queue '{}') failed: {}; trying again next round",
                        d.id(), d.queue(), BackendConfig.redact(ex.getMessage()));
            }
        }
    }
}
