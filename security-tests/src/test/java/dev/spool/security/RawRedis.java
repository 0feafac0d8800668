package dev.spool.security;

import dev.spool.testkit.redis.RedisServerExtension;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;

/**
 * Writes data straight into the keys a backend owns, as a buggy producer, an old version or a
 * person with {@code redis-cli} would: where the next fetch of the queue meets it as a ready task.
 * The key names are the backends' documented layout ({@code spool:{q}:ready:<p>} lists for
 * redis-list, {@code spool:{q}:stream:<p>} streams with consumer group {@code spool} for redis-stream).
 */
final class RawRedis {
    private RawRedis() {
    }

    /** Puts {@code raw} where {@code backend}'s next fetch of {@code queue} (priority 0) meets it. */
    static void storeReady(RedisServerExtension redis, String backend, String queue, byte[] raw) {
        try (Jedis j = redis.jedis()) {
            if (backend.equals("redis-list")) {
                j.rpush(bytes("spool:{" + queue + "}:ready:0"), raw);
                j.lpush("spool:{" + queue + "}:wake", "1");
            } else {
                byte[] stream = bytes("spool:{" + queue + "}:stream:0");
                if (!j.exists(stream)) {
                    j.sendCommand(() -> bytes("XGROUP"), bytes("CREATE"), stream, bytes("spool"), bytes("0"), bytes("MKSTREAM"));
                }
                j.sendCommand(() -> bytes("XADD"), stream, bytes("*"), bytes("task"), raw);
            }
        }
    }

    static void storeReady(RedisServerExtension redis, String backend, String queue, String raw) {
        storeReady(redis, backend, queue, bytes(raw));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
