package dev.spool.redis.list;

import dev.spool.api.BackendException;
import dev.spool.api.RetryResult;
import dev.spool.redis.core.ServerErrors;

import java.util.List;

/**
 * The numeric answers of the Lua scripts, mapped to results and exceptions in this one place.
 * Work-path scripts answer 1 (done), 0 (the lease was not held) or, for retry.lua, 2
 * (dead-lettered); fetch.lua starts its answer with 1 (leased), 0 (nothing ready) or -1 (paused).
 */
final class ResultCodes {
    static final long LEASE_LOST = 0;
    static final long DONE = 1;
    static final long DEAD_LETTERED = 2;

    static final long FETCH_LEASED = 1;
    static final long FETCH_EMPTY = 0;
    static final long FETCH_PAUSED = -1;

    private ResultCodes() {
    }

    /** True for {@link #DONE}, false for {@link #LEASE_LOST}. */
    static boolean done(Object reply, String script, String queue) {
        long code = number(reply, script, queue);
        if (code == DONE) {
            return true;
        }
        if (code == LEASE_LOST) {
            return false;
        }
        throw unexpected(reply, script, queue);
    }

    /** The answer of retry.lua as a {@link RetryResult}. */
    static RetryResult retry(Object reply, String queue) {
        long code = number(reply, "retry", queue);
        if (code == DONE) {
            return RetryResult.SCHEDULED;
        }
        if (code == DEAD_LETTERED) {
            return RetryResult.DEAD_LETTERED;
        }
        if (code == LEASE_LOST) {
            return RetryResult.LEASE_LOST;
        }
        throw unexpected(reply, "retry", queue);
    }

    static long number(Object reply, String script, String queue) {
        if (reply instanceof Long n) {
            return n;
        }
        throw unexpected(reply, script, queue);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply, String script, String queue) {
        if (reply instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw unexpected(reply, script, queue);
    }

    static String string(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return o == null ? null : o.toString();
    }

    /** How a script reports a key of the wrong type (see expect() in queue.lua): marker, holds, expected, key. */
    static final String WRONG_TYPE = "SPOOL-WRONGTYPE ";

    /**
     * The clear error for a script that stopped, before its first write, on a key holding the wrong
     * Redis type; null when the error is not that.
     * @param cause the client's exception carrying the error reply
     * @param operation what was called, with its queue and task id, for the message
     */
    static BackendException wrongType(Throwable cause, String operation) {
        String error = ServerErrors.withoutScriptTrace(cause.getMessage());
        int at = error == null ? -1 : error.indexOf(WRONG_TYPE);
        if (at < 0) {
            return null;
        }
        String[] parts = error.substring(at + WRONG_TYPE.length()).strip().split(" ");
        if (parts.length < 3) {
            return null;
        }
        return wrongType(operation, parts[2], parts[0], parts[1], cause);
    }

    /** The clear error for {@code key} holding the Redis type {@code holds} where {@code expected} belongs. */
    static BackendException wrongType(String operation, String key, String holds, String expected, Throwable cause) {
        return new BackendException("redis-list: " + operation + ": " + key + " holds " + typeName(holds)
                + ", expected " + typeName(expected) + ": delete or repair it (the call changed nothing)", cause);
    }

    private static String typeName(String redisType) {
        return switch (redisType) {
            case "zset" -> "a zset (sorted set)";
            case "none" -> "nothing";
            case "unknown" -> "another type";
            default -> "a " + redisType;
        };
    }

    static BackendException unexpected(Object reply, String script, String queue) {
        return new BackendException("redis-list: script " + script + ".lua on queue '" + queue
                + "' answered " + reply + ", which this version does not understand (are two versions of Spool "
                + "sharing the server?)");
    }
}
