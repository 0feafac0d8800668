package dev.spool.redis.core;

import dev.spool.api.BackendException;
import dev.spool.api.BackendFullException;

import java.util.regex.Pattern;

/** Redis error replies read the same way on every server version. */
public final class ServerErrors {

    /** Where Redis 7 says which script raised an error: {@code " script: <sha>, on @user_script:68."}. */
    private static final Pattern SCRIPT_TRACE = Pattern.compile(" ?script: [0-9a-f]{40}, on @user_script:\\d+\\.?");

    private ServerErrors() {
    }

    /**
     * {@code error} without the script's SHA and line that Redis 7 adds to errors raised inside a
     * script (Redis 6.2 adds nothing), so that a message reads the same on every server version;
     * null stays null.
     */
    public static String withoutScriptTrace(String error) {
        return error == null ? null : SCRIPT_TRACE.matcher(error).replaceAll("");
    }

    /**
     * True when {@code error} (a server's error reply, however a client wrapped it) is Redis refusing
     * a write at {@code maxmemory}. Inside a script Redis refuses only the script's first write, so a
     * script that got this changed nothing.
     */
    public static boolean isOutOfMemory(String error) {
        // Jedis keeps the reply ("OOM command not allowed when used memory > 'maxmemory'"); Redisson's
        // RedisOutOfMemoryException drops the "OOM" code
        return error != null && error.contains("command not allowed when used memory");
    }

    /**
     * The clear error both adapters give for a server refusal anywhere in {@code e}'s chain: a key
     * of the wrong type ({@link #wrongType(String, String, Throwable)}) or a write refused at
     * {@code maxmemory} ({@link BackendFullException}); null for any other failure, which the
     * adapter wraps its own way.
     *
     * @param where the server's address, for the out-of-memory message
     */
    public static BackendException refusal(String backend, String operation, String where, Throwable e) {
        BackendException wrongType = wrongType(backend, operation, e);
        if (wrongType != null) {
            return wrongType;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (isOutOfMemory(t.getMessage())) {
                return BackendFullException.of(backend, operation, where, e);
            }
        }
        return null;
    }

    /**
     * True when {@code e}'s chain holds a server's NOSCRIPT reply (the server does not know a script
     * by that SHA), however the client wrapped it.
     */
    public static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    /** How a script reports a key of the wrong type (see expect.lua): marker, holds, expected, key. */
    public static final String WRONG_TYPE = "SPOOL-WRONGTYPE ";

    /**
     * The clear error for a script that stopped, before its first write, on a key holding the wrong
     * Redis type (expect.lua); null when {@code cause}'s chain holds no such error.
     *
     * @param backend   the adapter's name, which starts the message
     * @param operation what was called, with its queue and task id
     * @param cause     the client's exception carrying the error reply
     */
    public static BackendException wrongType(String backend, String operation, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String error = withoutScriptTrace(t.getMessage());
            int at = error == null ? -1 : error.indexOf(WRONG_TYPE);
            if (at >= 0) {
                String[] parts = error.substring(at + WRONG_TYPE.length()).strip().split(" ");
                if (parts.length >= 3) {
                    return wrongType(backend, operation, parts[2], parts[0], parts[1], cause);
                }
            }
        }
        return null;
    }

    /** The clear error for {@code key} holding the Redis type {@code holds} where {@code expected} belongs. */
    public static BackendException wrongType(String backend, String operation, String key, String holds, String expected,
                                             Throwable cause) {
        return new BackendException(backend + ": " + operation + ": " + key + " holds " + typeName(holds)
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
}
