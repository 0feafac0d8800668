package dev.spool.redis.stream;

/**
 * Key names. Every key of one queue starts with {@code spool:{<queue>}:}, so all of them hash to one
 * Redis Cluster slot and each multi-key script runs on one node; different queues spread over the
 * shards. The full layout is documented in common.lua and the README.
 */
final class Keys {
    /** The worker registry's keys share their own hash tag. */
    static final String WORKERS_ALIVE = "spool:{workers}:beat";
    static final String WORKERS_INFO = "spool:{workers}:info";

    /** Most queues whose key names are kept, so a process naming endless queues does not grow without bound. */
    private static final int CACHED_QUEUES = 10_000;
    /** Queue name -> its prefix and stream keys, built once instead of on every call. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Keys() {
    }

    /** {@code spool:{<queue>}:}. */
    static String prefix(String queue) {
        return of(queue)[10];
    }

    /** The stream of priority {@code p}. */
    static String stream(String queue, int p) {
        return of(queue)[p];
    }

    /** The stream keys of priorities 0..9, then the prefix. */
    private static String[] of(String queue) {
        String[] keys = CACHE.get(queue);
        if (keys != null) {
            return keys;
        }
        keys = new String[11];
        keys[10] = "spool:{" + queue + "}:";
        for (int p = 0; p < 10; p++) {
            keys[p] = keys[10] + "stream:" + p;
        }
        if (CACHE.size() < CACHED_QUEUES) {
            CACHE.putIfAbsent(queue, keys);
        }
        return keys;
    }
}
