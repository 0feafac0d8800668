package dev.spool.redis.list;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.spi.QueueBackend;

/**
 * The {@code redis-list} backend: Spool's queues on Redis lists and sorted sets, every multi-key
 * change one Lua script, through Jedis. Select it with {@code Spool.connect("redis-list", url)};
 * the URL forms, the backend options and the key layout are described in the module's README.
 *
 * <p>Delivery is at least once: a task is in exactly one of ready, delayed, in flight or dead at
 * every moment, a lease that runs out (by the configured clock) is returned to ready by the next
 * fetch of any consumer, and nothing accepted is dropped on a crash, a dropped connection, or a
 * Redis restart with AOF on.
 */
public final class RedisListBackend implements QueueBackend {
    /** The short name of this backend. */
    public static final String NAME = "redis-list";

    /** Used by {@link java.util.ServiceLoader}. */
    public RedisListBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens a broker on the Redis at {@code config.url()}, checking with a PING that it answers.
     *
     * @throws dev.spool.api.BackendException naming the address (never the password) when Redis cannot be reached
     * @throws dev.spool.api.SpoolException   when the URL or an option is malformed, saying how to fix it
     */
    @Override
    public Broker open(BackendConfig config) {
        return new RedisListBroker(config);
    }
}
