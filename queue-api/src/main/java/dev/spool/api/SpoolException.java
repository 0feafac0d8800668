package dev.spool.api;

/**
 * The root of every exception Spool throws. Unchecked: callers handle the subtypes they care
 * about ({@link InvalidTaskException}, {@link BackendException}, ...) and let the rest travel.
 */
public class SpoolException extends RuntimeException {

    /** An exception with a message that says what went wrong and how to fix it. */
    public SpoolException(String message) {
        super(message);
    }

    /** An exception with a message and the cause it wraps. */
    public SpoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
