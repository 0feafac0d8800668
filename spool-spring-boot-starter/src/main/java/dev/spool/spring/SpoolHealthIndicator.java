package dev.spool.spring;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.worker.Worker;
import dev.spool.worker.WorkerSnapshot;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.util.Optional;

/**
 * Spool's part of {@code /actuator/health} ({@code components.spool}):
 * <ul>
 *   <li>with a worker: the worker's own state ({@link Worker#health(Duration)}): DOWN when it is not
 *       running, its fetch loop has ended, or a fetch or its heartbeat has failed without a success for
 *       {@code spool.worker.unhealthy-after} (Redis unreachable, credentials refused); the details give its
 *       id, queues and figures;</li>
 *   <li>without one (a producer): the backend answers a ping.</li>
 * </ul>
 * A reason never shows a password.
 */
final class SpoolHealthIndicator extends AbstractHealthIndicator {
    private final Broker broker;
    private final ObjectProvider<SpoolWorkerLifecycle> lifecycle;
    private final Duration unhealthyAfter;

    SpoolHealthIndicator(Broker broker, ObjectProvider<SpoolWorkerLifecycle> lifecycle, Duration unhealthyAfter) {
        super("Spool health check failed");
        this.broker = broker;
        this.lifecycle = lifecycle;
        this.unhealthyAfter = unhealthyAfter;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("backend", broker.backend());
        SpoolWorkerLifecycle l = lifecycle.getIfAvailable();
        if (l == null) {
            try {
                broker.ping();
                builder.up();
            } catch (RuntimeException e) {
                builder.down().withDetail("reason", BackendConfig.redact(String.valueOf(e.getMessage())));
            }
            return;
        }
        Optional<Worker> running = l.worker();
        if (running.isEmpty()) {
            builder.down().withDetail("reason", "the worker is not running");
            return;
        }
        Worker w = running.get();
        dev.spool.worker.Health h = w.health(unhealthyAfter);
        if (h.up()) {
            builder.up();
        } else {
            builder.down().withDetail("reason", BackendConfig.redact(h.reason()));
        }
        WorkerSnapshot s = w.snapshot();
        builder.withDetail("worker", s.id()).withDetail("queues", s.queues()).withDetail("held", s.held())
                .withDetail("succeeded", s.succeeded()).withDetail("retried", s.retried())
                .withDetail("deadLettered", s.deadLettered());
    }
}
