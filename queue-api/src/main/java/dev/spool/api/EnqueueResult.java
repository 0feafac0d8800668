package dev.spool.api;

/**
 * What {@link TaskQueue#enqueue} did with one task.
 *
 * @param status      whether the task was stored
 * @param taskId      the id of the task as given or assigned
 * @param duplicateOf for {@link Status#DUPLICATE}, the id of the task that holds the unique key
 *                    (null if the backend cannot tell); null otherwise
 */
public record EnqueueResult(Status status, String taskId, String duplicateOf) {

    /** The outcome of one enqueue. */
    public enum Status {
        /** Stored; it will be delivered until acknowledged or dead-lettered. */
        ACCEPTED,
        /** Not stored: a pending or running task (or one within its window) holds the same unique key. */
        DUPLICATE
    }

    /** A result for an accepted task. */
    public static EnqueueResult accepted(String taskId) {
        return new EnqueueResult(Status.ACCEPTED, taskId, null);
    }

    /** A result for a task refused as a duplicate of {@code holder}. */
    public static EnqueueResult duplicate(String taskId, String holder) {
        return new EnqueueResult(Status.DUPLICATE, taskId, holder);
    }

    /** True when the task was stored. */
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
