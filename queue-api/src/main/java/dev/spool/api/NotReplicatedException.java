package dev.spool.api;

import java.util.List;

/**
 * An enqueue stored its tasks on the Redis master, but fewer replicas than asked confirmed them
 * within the timeout (a backend option such as redis-list's {@code replicas.wait} with
 * {@code replicas.shortfall=fail}). The tasks are in the queue and will run while that master
 * lives; if it fails over before a replica has them, they are gone. Enqueue the same tasks again
 * (with {@link #taskIds()} as their ids) to be sure they survive; a task stored twice can then run
 * twice, which at-least-once delivery allows.
 */
public class NotReplicatedException extends BackendException {
    private final List<String> taskIds;
    private final int confirmed;

    /**
     * @param message   names the backend, the queue, the replicas asked for and the timeout
     * @param taskIds   the ids of the tasks the call stored, in call order
     * @param confirmed how many replicas confirmed them
     */
    public NotReplicatedException(String message, List<String> taskIds, int confirmed) {
        super(message);
        this.taskIds = List.copyOf(taskIds);
        this.confirmed = confirmed;
    }

    /** The ids of the tasks the call stored on the master alone. */
    public List<String> taskIds() {
        return taskIds;
    }

    /** How many replicas confirmed the writes within the timeout. */
    public int confirmed() {
        return confirmed;
    }
}
