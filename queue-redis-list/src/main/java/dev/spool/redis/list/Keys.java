package dev.spool.redis.list;

import dev.spool.redis.core.KeyNames;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Redis key names of one queue, in the broker's namespace ({@link KeyNames}). Every key carries
 * the queue's hash tag ({@code spool:{q}:…}, or {@code spool:<namespace>:{q}:…}),
 * so each multi-key script touches one Cluster slot and different queues spread over the shards.
 * The order of {@link #all()} is the KEYS layout documented at the top of {@code queue.lua}.
 */
final class Keys {
    private final String prefix;
    private final List<String> all;
    private final List<byte[]> encoded;

    /** The keys of {@code queue} outside any namespace. */
    Keys(String queue) {
        this(KeyNames.NONE, queue);
    }

    Keys(KeyNames names, String queue) {
        this.prefix = names.queuePrefix(queue);
        List<String> keys = new ArrayList<>(31);
        for (int p = 0; p <= 9; p++) {
            keys.add(prefix + "ready:" + p);
        }
        for (String name : List.of("delayed", "inflight", "tasks", "lease", "attempts", "uniq", "dead",
                "dead:body", "dead:info", "stats", "paused", "wake", "sent", "errors", "finished", "finished:at",
            "cancel", "progress", "settings", "events", "rate")) {
            keys.add(prefix + name);
        }
        this.all = Collections.unmodifiableList(keys);
        this.encoded = encode(all);
    }

    /** {@code keys} as sent (UTF-8). */
    static List<byte[]> encode(List<String> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(k.getBytes(StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableList(out);
    }

    /** The key prefix {@code spool:{q}:} (in the namespace), passed to scripts as ARGV[1]. */
    String prefix() {
        return prefix;
    }

    /** The 31 keys every queue script receives, in the order of {@code queue.lua}. */
    List<String> all() {
        return all;
    }

    /**
     * {@link #all()} encoded once (UTF-8), as every script call sends them: encoding 23 keys on each
     * call was the top frame of a worker's CPU profile (bench finding B5). Never modify the arrays.
     */
    List<byte[]> encoded() {
        return encoded;
    }

    String ready(int priority) {
        return all.get(priority);
    }

    String deadBody() {
        return all.get(17);
    }

    String cancel() {
        return all.get(26);
    }

    String settings() {
        return all.get(28);
    }

    String events() {
        return all.get(29);
    }

    String wake() {
        return all.get(21);
    }

    String uniqueLock(String key) {
        return prefix + "unique:" + key;
    }
}
