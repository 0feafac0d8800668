package dev.spool.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A task handed out by {@link TaskQueue#fetch} under a lease. Until {@code leaseDeadline} no
 * other consumer receives the task; the holder settles it with {@code ack}, {@code retry},
 * {@code fail} or {@code release}, or extends the lease with {@code renew}. Every one of those
 * checks {@code leaseToken}: once the lease has expired and the task was delivered again, the old
 * delivery can change nothing.
 *
 * @param queue         the queue the task came from
 * @param task          the task, with {@link Task#attempt()} counting this delivery (1 for the first)
 * @param leaseToken    an opaque token that identifies this delivery, unique per delivery
 * @param leaseDeadline when the lease runs out unless renewed
 */
public record Delivery(String queue, Task task, String leaseToken, Instant leaseDeadline) {

    /** Checks that no component is null. */
    public Delivery {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(leaseDeadline, "leaseDeadline");
    }

    /** The task's id. */
    public String id() {
        return task.id();
    }

    /** Which delivery of the task this is: 1 for the first. */
    public int attempt() {
        return task.attempt();
    }

    /** True when this was the task's last permitted attempt. */
    public boolean isLastAttempt() {
        return task.attempt() >= task.maxAttempts();
    }

    /** This delivery with a new lease deadline (after a successful {@link TaskQueue#renew}). */
    public Delivery withLeaseDeadline(Instant deadline) {
        return new Delivery(queue, task, leaseToken, deadline);
    }
}
