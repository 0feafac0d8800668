package dev.spool.api;

/**
 * The storage behind a queue failed: the server is unreachable, refused the credentials, or
 * answered something unexpected. Backends wrap their client library's exceptions in this one at
 * their edge, naming the queue and, where there is one, the task id; a password never appears in
 * the message.
 */
public class BackendException extends SpoolException {

    /** @param message names the backend, the queue and the task id where known */
    public BackendException(String message) {
        super(message);
    }

    /** @param message names the backend, the queue and the task id where known */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
