package dev.spool.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port: one named queue of tasks, with at-least-once delivery under leases. Obtained from
 * {@link Broker#queue(String)}; safe for use by many threads.
 *
 * <p>The guarantees every backend keeps (and {@code queue-testkit}'s conformance suite checks):
 * <ol>
 *   <li>A task accepted by {@code enqueue} is delivered until it is acknowledged or dead-lettered.</li>
 *   <li>A delivered task is leased: no other consumer gets it until the lease expires; an expired
 *       lease returns the task to the ready queue, counting the attempt (or dead-letters it when
 *       that was its last attempt).</li>
 *   <li>{@code ack}, {@code retry}, {@code fail}, {@code renew} and {@code release} act only while
 *       the caller's lease holds; otherwise they change nothing and say so.</li>
 *   <li>A task with {@code runAt} in the future is not delivered before it; among ready tasks a
 *       higher priority goes first, and within a priority the order is FIFO.</li>
 *   <li>Stored data that cannot be decoded is dead-lettered with the reason; delivery carries on.</li>
 * </ol>
 */
public interface TaskQueue extends AutoCloseable {

    /** The queue's name. */
    String name();

    /**
     * Stores {@code task} (assigning its id and creation time when absent). Returns
     * {@link EnqueueResult.Status#DUPLICATE} without storing when a task holding the same
     * {@link Task#uniqueKey()} is pending, running or within its window.
     *
     * @throws BackendException when the backend cannot be reached; the task may not be stored
     */
    EnqueueResult enqueue(Task task);

    /**
     * Stores many tasks in one round trip where the backend allows. The results come in the order
     * of {@code tasks}; within one priority, the tasks are delivered in that order.
     */
    List<EnqueueResult> enqueueAll(List<Task> tasks);

    /**
     * Leases up to {@code max} ready tasks for the backend's default lease time, waiting up to
     * {@code wait} for the first one. Returns an empty list when nothing came in time or the queue
     * is paused. Blocking waits on the server, not by polling.
     */
    List<Delivery> fetch(int max, Duration wait);

    /** As {@link #fetch(int, Duration)}, with a lease of {@code lease} instead of the default. */
    List<Delivery> fetch(int max, Duration wait, Duration lease);

    /** Marks the task done and forgets it. False when the lease was no longer held. */
    default boolean ack(Delivery delivery) {
        return ack(delivery, null);
    }

    /**
     * Marks the task done with its handler's {@code result}: a JSON value of at most
     * {@link Task#maxResultBytes()}, or null for none. A task with a {@link Task#retention()} is kept
     * that long as {@link TaskState#SUCCEEDED} with the result, written in the same atomic step as the
     * ack (a lost lease stores neither); a task without one is forgotten and the result dropped.
     *
     * @return false when the lease was no longer held (nothing changed)
     * @throws InvalidTaskException (field {@code result}) when the result is not one JSON value or is
     *                              over the limit; nothing changed
     */
    boolean ack(Delivery delivery, String result);

    /**
     * Acknowledges many deliveries in one round trip where the backend allows.
     *
     * @return how many were acknowledged (the others' leases were no longer held)
     */
    default int ackAll(Collection<Delivery> deliveries) {
        return ackAll(deliveries, Map.of());
    }

    /**
     * As {@link #ackAll(Collection)}, with the result of each task that gave one, by task id (see
     * {@link #ack(Delivery, String)}).
     *
     * @throws InvalidTaskException when a result is not one JSON value or is over the limit; nothing changed
     */
    default int ackAll(Collection<Delivery> deliveries, Map<String, String> results) {
        int n = 0;
        for (Delivery d : deliveries) {
            if (ack(d, results.get(d.id()))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Schedules another attempt after {@code delay}, remembering {@code error}; when the delivery
     * was the task's last permitted attempt, dead-letters it with {@code error} instead.
     */
    RetryResult retry(Delivery delivery, Duration delay, String error);

    /** Dead-letters the task at once with {@code error}. False when the lease was no longer held. */
    boolean fail(Delivery delivery, String error);

    /** Extends the lease to {@code leaseFor} from now. False when the lease was no longer held. */
    boolean renew(Delivery delivery, Duration leaseFor);

    /**
     * Extends the leases of many deliveries of this queue to {@code leaseFor} from now, in one round
     * trip where the backend allows (a worker renews everything it holds this way).
     *
     * @return the deliveries renewed, in the order given, each with its new
     *         {@linkplain Delivery#leaseDeadline() deadline}; a delivery left out was no longer held
     *         (its lease expired and the task may run elsewhere, or it was settled)
     */
    default List<Delivery> renewAll(Collection<Delivery> deliveries, Duration leaseFor) {
        List<Delivery> renewed = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            Instant before = Instant.now(); // a backend without a batch renew: the deadline by this clock
            if (renew(d, leaseFor)) {
                renewed.add(d.withLeaseDeadline(before.plus(leaseFor)));
            }
        }
        return renewed;
    }

    /**
     * Records how far the attempt the caller holds has come: {@code percent} 0 to 100 and an optional
     * {@code detail} (one JSON value of at most {@link Task#maxResultBytes()}, or null). It is kept with
     * the task until the task ends and shown by {@link QueueInspector#task}; a later report replaces it.
     * One round trip: a worker throttles its handlers' reports ({@link TaskContext#progress(int, Object)}).
     *
     * @return false when the lease was no longer held (nothing changed)
     * @throws InvalidTaskException (field {@code progress}) when the percentage or the detail is out of
     *                              bounds; nothing changed
     */
    boolean progress(Delivery delivery, int percent, String detail);

    /**
     * Which of {@code deliveries} (held by the caller) were cancelled while running
     * ({@link QueueInspector#cancel} answered {@link CancelResult#REQUESTED}): one round trip, read
     * only. A worker asks about once a second for what it holds, interrupts the attempts named, and
     * settles them as usual; {@code retry}, {@code fail} and {@code release} then end them as
     * {@link TaskState#CANCELLED}, and so does an expired lease.
     *
     * @return the ids of the cancelled ones (empty for none)
     */
    Set<String> cancelRequests(Collection<Delivery> deliveries);

    /**
     * Hands the task back unstarted: it is ready again at once and this delivery does not count as
     * an attempt. Used by a worker that shuts down with fetched tasks it did not start.
     * False when the lease was no longer held.
     */
    default boolean release(Delivery delivery) {
        return release(delivery, Duration.ZERO);
    }

    /**
     * Hands the task back to run again after {@code delay} (at once for zero), this delivery not counted
     * as an attempt: what a handler asks for with {@link RetryLaterException} (an API answered 429, a
     * resource is busy). Its event is {@code released}, with when it is due. False when the lease was
     * no longer held.
     */
    boolean release(Delivery delivery, Duration delay);

    /** Releases what this handle holds (not the broker's connections). */
    @Override
    default void close() {
    }
}
