package dev.spool.redis.stream;

import dev.spool.redis.core.KeyNames;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Key names, in the broker's namespace ({@link KeyNames}). Every key of one queue starts with
 * {@code spool:{<queue>}:} (or {@code spool:<namespace>:{<queue>}:}), so all of them hash to one
 * Redis Cluster slot and each multi-key script runs on one node; different queues spread over the
 * shards. The full layout is documented in common.lua and the README.
 */
final class Keys {
    /** The keys outside any namespace (what tests look at). */
    static final Keys NONE = new Keys(KeyNames.NONE);

    /** Most queues whose key names are kept, so a process naming endless queues does not grow without bound. */
    private static final int CACHED_QUEUES = 10_000;

    private final KeyNames names;
    /** Queue name -> its prefix and stream keys, built once instead of on every call. */
    private final ConcurrentHashMap<String, String[]> cache = new ConcurrentHashMap<>();

    Keys(KeyNames names) {
        this.names = names;
    }

    /** The namespace's shared key names (queues, workers). */
    KeyNames names() {
        return names;
    }

    /** {@code spool:{<queue>}:} outside any namespace (for tests). */
    static String prefix(String queue) {
        return NONE.prefixOf(queue);
    }

    /** The stream of priority {@code p} of {@code queue} outside any namespace (for tests). */
    static String stream(String queue, int p) {
        return NONE.streamOf(queue, p);
    }

    /** The prefix of every key of {@code queue}. */
    String prefixOf(String queue) {
        return of(queue)[10];
    }

    /** The stream of priority {@code p}. */
    String streamOf(String queue, int p) {
        return of(queue)[p];
    }

    /** The stream keys of priorities 0..9, then the prefix. */
    private String[] of(String queue) {
        String[] keys = cache.get(queue);
        if (keys != null) {
            return keys;
        }
        keys = new String[11];
        keys[10] = names.queuePrefix(queue);
        for (int p = 0; p < 10; p++) {
            keys[p] = keys[10] + "stream:" + p;
        }
        if (cache.size() < CACHED_QUEUES) {
            cache.putIfAbsent(queue, keys);
        }
        return keys;
    }
}
