package dev.spool.api;

/**
 * Thrown by a {@link TaskHandler} to say that retrying cannot help (the input is wrong, the
 * resource is gone): the task is dead-lettered at once with this exception's message, whatever
 * attempts it had left.
 */
public class NonRetryableException extends SpoolException {

    /** @param message why the task cannot succeed; it is stored with the dead letter */
    public NonRetryableException(String message) {
        super(message);
    }

    /** @param message why the task cannot succeed; it is stored with the dead letter */
    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
