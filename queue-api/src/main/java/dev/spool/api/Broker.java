package dev.spool.api;

/**
 * An open connection to one backend: the source of queues, the inspector and the worker
 * registry. Obtain one with {@link Spool#connect(String, String)}; close it when done.
 */
public interface Broker extends AutoCloseable {

    /** The backend's short name ({@code inmemory}, {@code redis-list}, {@code redis-stream}). */
    String backend();

    /**
     * A handle on the queue {@code name} ({@value Task#NAME_PATTERN}, 1 to 64 characters). Cheap;
     * handles of one broker share its connections.
     */
    TaskQueue queue(String name);

    /** Inspection and administration. */
    QueueInspector inspector();

    /**
     * The event log of queue {@code queue}: read it, follow it from any process, or wait for one task's
     * outcome. Cheap; it talks to the backend through {@link #inspector()}.
     */
    default QueueEvents events(String queue) {
        return new QueueEvents(inspector(), queue);
    }

    /** The worker registry. */
    WorkerRegistry workers();

    /** The recurring tasks kept by this backend, shared by every process connected to it. */
    Schedules schedules();

    /**
     * Checks that the backend answers.
     *
     * @throws BackendException naming what failed (host, port, authentication) and not the password
     */
    void ping();

    /** Closes the broker's connections and threads. */
    @Override
    void close();
}
