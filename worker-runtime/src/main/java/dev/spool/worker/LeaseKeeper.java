package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renews, every third of the lease, the lease of every delivery the worker holds and has not
 * settled (running, or fetched and waiting for a thread), with one {@code renewAll} per queue, so a
 * long task keeps its lease while the worker lives. A renewal the backend refuses means the lease was lost (it expired and the task
 * may run elsewhere): a waiting delivery is dropped, a running one is cancelled and its result
 * ignored.
 */
final class LeaseKeeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Broker broker;
    private final Collection<Execution> held;
    private final Duration lease;
    private final java.util.function.Consumer<Execution> drop;

    LeaseKeeper(Broker broker, Collection<Execution> held, Duration lease,
                java.util.function.Consumer<Execution> drop) {
        this.broker = broker;
        this.held = held;
        this.lease = lease;
        this.drop = drop;
    }

    @Override
    public void run() {
        Map<String, List<Execution>> byQueue = new LinkedHashMap<>();
        for (Execution e : held) {
            if (!e.isSettled()) {
                byQueue.computeIfAbsent(e.delivery().queue(), q -> new ArrayList<>()).add(e);
            }
        }
        byQueue.forEach(this::renew);
    }

    /** One round trip for every lease held on {@code queue}. */
    private void renew(String queue, List<Execution> executions) {
        List<Delivery> deliveries = new ArrayList<>(executions.size());
        executions.forEach(e -> deliveries.add(e.delivery()));
        Map<String, Delivery> renewed = new HashMap<>();
        try {
            for (Delivery d : broker.queue(queue).renewAll(deliveries, lease)) {
                renewed.put(d.leaseToken(), d);
            }
        } catch (RuntimeException ex) {
            LOG.warn("renewing the leases of {} task(s) of queue '{}' failed: {}; trying again next round",
                    deliveries.size(), queue, BackendConfig.redact(ex.getMessage()));
            return;
        }
        for (Execution e : executions) {
            Delivery d = renewed.get(e.delivery().leaseToken());
            if (d != null) {
                e.renewed(d);
            } else if (e.claimSettlement()) { // not settled meanwhile: the lease was lost
                LOG.warn("lease of task {} (queue '{}') was lost (it expired; the task may run elsewhere); "
                        + "cancelling this attempt", e.delivery().id(), queue);
                e.cancel();
                if (e.state.compareAndSet(Execution.QUEUED, Execution.DROPPED)) {
                    drop.accept(e);
                }
            }
        }
    }
}
