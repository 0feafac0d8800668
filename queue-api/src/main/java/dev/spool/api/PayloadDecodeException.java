package dev.spool.api;

/**
 * A task's payload could not be turned into the handler's payload class. The message names the
 * queue (when known), the task id, the task type and the JSON path of the field that did not fit.
 * The worker dead-letters such a task at once: retrying cannot make the payload fit.
 */
public class PayloadDecodeException extends NonRetryableException {
    /** @param message names the task id, the type and the field */
    public PayloadDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
