package dev.spool.redis.core;

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
}
