package dev.spool.api;

/**
 * Stored data that should be a task is not one (written by hand, truncated, from an incompatible
 * version). Backends dead-letter such an entry with this exception's message as the reason and
 * carry on with the next task.
 */
public class TaskDecodeException extends SpoolException {

    /** @param message what is wrong with the stored data */
    public TaskDecodeException(String message) {
        super(message);
    }

    /** @param message what is wrong with the stored data */
    public TaskDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
