package dev.spool.api;

import java.time.Duration;
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

    /**
     * The exception for an enqueue by {@code backend} on {@code queue} that stored {@code taskIds} on
     * the master while {@code confirmed} of the {@code asked} replicas confirmed within {@code timeout}:
     * the message names all of these, the options involved and the fix (enqueue again with the same ids).
     */
    public static NotReplicatedException of(String backend, String queue, List<String> taskIds, int confirmed,
                                            int asked, Duration timeout) {
        boolean one = taskIds.size() == 1;
        return new NotReplicatedException(backend + ": enqueue on queue '" + queue + "' stored "
                + (one ? "task " + taskIds.get(0) : taskIds.size() + " tasks (" + taskIds.get(0) + " ...)")
                + " on the master, but " + confirmed + " of " + asked + " replicas confirmed within "
                + timeout.toMillis() + " ms (backend options 'replicas.wait', 'replicas.shortfall=fail'); "
                + "a fail-over now would lose " + (one ? "it: enqueue it" : "them: enqueue them")
                + " again with the same id" + (one ? "" : "s") + " (NotReplicatedException.taskIds()) to be sure",
                taskIds, confirmed);
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
