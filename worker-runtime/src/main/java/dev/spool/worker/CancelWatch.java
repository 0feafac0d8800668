package dev.spool.worker;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stops the attempts that were cancelled while the worker held them ({@code QueueInspector.cancel}
 * answered {@code REQUESTED}). Run about once a second: one {@code cancelRequests} call per queue,
 * and only while the worker holds deliveries of it, so an idle worker sends nothing. The flag it
 * reads is durable in the backend, so a worker that was disconnected learns of a cancel when it is
 * back. A running attempt sees {@code TaskContext.isCancelled()} turn true and its thread interrupted,
 * and settles through the usual path, which the backend ends as cancelled (never retried); a delivery
 * still waiting for a thread is handed back, which the backend ends as cancelled too.
 */
final class CancelWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelWatch.class);

    private final Broker broker;
    private final Collection<Execution> held;
    private final Processor processor;
    private final Consumer<Execution> leave;

    CancelWatch(Broker broker, Collection<Execution> held, Processor processor, Consumer<Execution> leave) {
        this.broker = broker;
        this.held = held;
        this.processor = processor;
        this.leave = leave;
    }

    @Override
    public void run() {
        Map<String, List<Execution>> byQueue = new LinkedHashMap<>();
        for (Execution e : held) {
            if (!e.isSettled() && !e.isCancelRequested()) {
                byQueue.computeIfAbsent(e.delivery().queue(), q -> new ArrayList<>()).add(e);
            }
        }
        byQueue.forEach(this::check);
    }

    private void check(String queue, List<Execution> executions) {
        List<Delivery> deliveries = new ArrayList<>(executions.size());
        executions.forEach(e -> deliveries.add(e.delivery()));
        Set<String> cancelled;
        try {
            cancelled = broker.queue(queue).cancelRequests(deliveries);
        } catch (RuntimeException ex) {
            LOG.debug("reading the cancel requests of queue '{}' failed: {}; trying again next round", queue,
                    BackendConfig.redact(ex.getMessage()));
            return;
        }
        for (Execution e : executions) {
            if (!cancelled.contains(e.delivery().id())) {
                continue;
            }
            LOG.info("task {} of type '{}' (queue '{}') was cancelled; stopping it", e.delivery().id(),
                    e.delivery().task().type(), queue);
            e.cancelByRequest();
            if (e.state.compareAndSet(Execution.QUEUED, Execution.DROPPED)) { // not started: hand it back
                processor.release(e);
                leave.accept(e);
            }
        }
    }
}
