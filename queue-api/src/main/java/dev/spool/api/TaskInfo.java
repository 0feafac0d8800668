package dev.spool.api;

import java.time.Instant;

/**
 * One task as the backend holds it now, found by its id: {@link QueueInspector#task}.
 *
 * @param queue         the queue it is in
 * @param id            its id
 * @param state         where it stands
 * @param task          the task as stored, with {@link Task#attempt()} set to {@code attempts}; null only
 *                      for a dead letter whose data could not be decoded (then {@code raw} holds it)
 * @param raw           the stored data when it could not be decoded as a task; null otherwise
 * @param attempts      deliveries so far: 0 for a task never delivered, the current attempt while
 *                      running, the attempts it used for a dead letter
 * @param runAt         when a {@link TaskState#SCHEDULED} task becomes ready; null in other states
 * @param leaseDeadline when the lease of a {@link TaskState#RUNNING} task runs out unless renewed; null
 *                      in other states
 * @param lastError     the error of its last failed attempt (the handler's message, or why the lease
 *                      ran out, or why the data could not be decoded); null when no attempt failed
 * @param finishedAt    when a {@link TaskState#DEAD} task became a dead letter, or a {@link TaskState#SUCCEEDED}
 *                      one was acknowledged; null in other states
 * @param result        the JSON value its handler gave ({@link TaskContext#setResult}) for a
 *                      {@link TaskState#SUCCEEDED} task; null when it gave none, and in other states
 * @param progress      the progress its handler last reported ({@link TaskContext#progress(int, Object)})
 *                      while the task is scheduled, ready or running; null when none was reported, and
 *                      once the task has ended
 * @param startedAt     when the current attempt of a {@link TaskState#RUNNING} task began (its fetch, by the
 *                      broker's clock); null in other states, and for a lease taken by an earlier version
 * @param holder        the broker that holds a {@link TaskState#RUNNING} task's lease: {@code <host>-<pid>-<random>}
 *                      ({@link dev.spool.api.spi.ClientName}), to match with {@code spool workers}; null in
 *                      other states, and for a lease taken by an earlier version
 */
public record TaskInfo(String queue, String id, TaskState state, Task task, String raw, int attempts,
                       Instant runAt, Instant leaseDeadline, String lastError, Instant finishedAt, String result,
                       TaskProgress progress, Instant startedAt, String holder) {

    /** The task's type, or null when its data could not be decoded. */
    public String type() {
        return task == null ? null : task.type();
    }

    /** Deliveries the task is allowed ({@link Task#maxAttempts()}); 1 for data that is not a task. */
    public int maxAttempts() {
        return task == null ? 1 : task.maxAttempts();
    }

    /** When the task was first enqueued; null for data that is not a task. */
    public Instant createdAt() {
        return task == null ? null : task.createdAt();
    }
}
