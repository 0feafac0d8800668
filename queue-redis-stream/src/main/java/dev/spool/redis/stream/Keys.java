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

    private Keys() {
    }

    /** {@code spool:{<queue>}:}. */
    static String prefix(String queue) {
        return "spool:{" + queue + "}:";
    }

    /** The stream of priority {@code p}. */
    static String stream(String queue, int p) {
        return prefix(queue) + "stream:" + p;
    }
}
