package dev.spool.api;

/**
 * The storage refused a write because it is out of memory (a Redis at {@code maxmemory} with the
 * policy {@code noeviction}). The call changed nothing: an enqueue stored no task, so enqueue it
 * again once memory is free. Calls that settle or hand back work (fetch, ack, retry, fail, renew,
 * release) keep running while the storage is full, so running workers drain it.
 *
 * <p>A producer can catch this type to slow down or buffer instead of treating it as an outage.
 */
public class BackendFullException extends BackendException {

    /** @param message names the backend, the operation, the queue and the fix */
    public BackendFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The exception for {@code operation} (which names its queue and task id) refused by the
     * {@code backend}'s server at {@code where} for want of memory.
     */
    public static BackendFullException of(String backend, String operation, String where, Throwable cause) {
        return new BackendFullException(backend + ": " + operation + " refused: Redis at " + where
                + " is full (used memory is over 'maxmemory' and the policy is noeviction), so nothing was stored"
                + " and the call changed nothing; workers still drain the queues. Free memory (run the workers,"
                + " purge or delete dead letters), or raise maxmemory (CONFIG SET maxmemory <bytes>)", cause);
    }
}
