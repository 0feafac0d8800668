package dev.spool.api;

import java.time.Instant;

/**
 * A task that will not be delivered again unless requeued, with why.
 *
 * @param queue    the queue it belongs to
 * @param id       the task id (for data that could not be decoded, the id the backend gave it)
 * @param task     the task, or null when the stored data could not be decoded as one
 * @param raw      the stored data as it was, when it could not be decoded; null otherwise
 * @param error    the last error: the handler's message, "lease expired", or why decoding failed
 * @param attempts how many times the task was delivered
 * @param failedAt when it became a dead letter
 */
public record DeadLetter(String queue, String id, Task task, String raw, String error, int attempts,
                         Instant failedAt) {

    /** The task's type, or null when the data could not be decoded. */
    public String type() {
        return task == null ? null : task.type();
    }
}
