package dev.spool.redis.core;

import dev.spool.api.BackendException;
import dev.spool.api.RetryResult;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answers of both adapters' Lua scripts, read strictly in this one place: a work-path script
 * answers {@value #DONE} (done), {@value #LEASE_LOST} (the caller's lease was not held) or, for a
 * retry, {@value #DEAD_LETTERED} (that was the last attempt) or {@value #CANCELLED} (the task was
 * cancelled while it ran); anything else (a {@code nil}, a string, a code this version does not
 * know) is a {@link BackendException}, never read as one of those, so that a broken reply cannot
 * pass for "lease lost".
 */
public final class Replies {
    /** The caller's lease was no longer held: nothing changed. */
    public static final long LEASE_LOST = 0;
    /** Done as asked. */
    public static final long DONE = 1;
    /** A retry on the last attempt: the task is a dead letter now. */
    public static final long DEAD_LETTERED = 2;
    /** A retry of an attempt cancelled while it ran: the task ended as cancelled. */
    public static final long CANCELLED = 3;

    private Replies() {
    }

    /**
     * True for {@link #DONE}, false for {@link #LEASE_LOST}.
     *
     * @param backend the adapter's name; {@code script} and {@code queue} name the call, for the error
     */
    public static boolean done(Object reply, String backend, String script, String queue) {
        long code = number(reply, backend, script, queue);
        if (code == DONE || code == LEASE_LOST) {
            return code == DONE;
        }
        throw unexpected(reply, backend, script, queue);
    }

    /** The answer of a retry as a {@link RetryResult}. */
    public static RetryResult retry(Object reply, String backend, String script, String queue) {
        long code = number(reply, backend, script, queue);
        if (code == DONE) {
            return RetryResult.SCHEDULED;
        }
        if (code == DEAD_LETTERED) {
            return RetryResult.DEAD_LETTERED;
        }
        if (code == LEASE_LOST) {
            return RetryResult.LEASE_LOST;
        }
        if (code == CANCELLED) {
            return RetryResult.CANCELLED;
        }
        throw unexpected(reply, backend, script, queue);
    }

    /** An integer reply (a one-element list of one too), or a {@link BackendException}. */
    public static long number(Object reply, String backend, String script, String queue) {
        Object r = reply instanceof List<?> l && l.size() == 1 ? l.get(0) : reply;
        if (r instanceof Long n) {
            return n;
        }
        if (r instanceof Integer n) {
            return n;
        }
        throw unexpected(reply, backend, script, queue);
    }

    /** A table reply, or a {@link BackendException}. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object reply, String backend, String script, String queue) {
        if (reply instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw unexpected(reply, backend, script, queue);
    }

    /** A bulk string as text (UTF-8 when it came as bytes); null stays null. */
    public static String string(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return o == null ? null : o.toString();
    }

    /** The error for a reply this version does not understand. */
    public static BackendException unexpected(Object reply, String backend, String script, String queue) {
        Object shown = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : reply;
        return new BackendException(backend + ": script " + script + ".lua on queue '" + queue + "' answered " + shown
                + ", which this version does not understand (are two versions of Spool sharing the server?)");
    }
}
