package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.Broker;
import dev.spool.api.spi.QueueBackend;

/**
 * The {@code redis-stream} backend: queues on Redis Streams consumer groups, through Redisson.
 * Select it with {@code Spool.connect("redis-stream", "redis://localhost:6379")}.
 */
public final class RedisStreamBackend implements QueueBackend {
    /** The short name of this backend. */
    public static final String NAME = "redis-stream";

    /** For {@link java.util.ServiceLoader}. */
    public RedisStreamBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Broker open(BackendConfig config) {
        return RedisStreamBroker.open(config);
    }
}
