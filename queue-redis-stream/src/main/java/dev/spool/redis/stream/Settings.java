package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;

import java.time.Duration;

/**
 * The backend options of redis-stream, read once from {@link BackendConfig#options()} with their
 * defaults. Every option is documented in the module's README.
 *
 * @param deadMaxCount        most dead letters kept per queue ({@code dead-max-count}, 10000)
 * @param deadMaxAge          oldest dead letter kept ({@code dead-max-age}, 30d)
 * @param waitSlice           longest single blocking read of a waiting fetch before it looks at the
 *                            clock again, a safety net for clock jumps and leases taken after it blocked ({@code wait-slice}, 1s)
 * @param consumerTimeout     a consumer that has not fetched for this long (by the clock) and holds
 *                            nothing is removed from the consumer group ({@code consumer-timeout}, 10m)
 * @param maintenanceInterval how often (real time) a fetching broker removes gone consumers
 *                            ({@code maintenance-interval}, 30s)
 * @param reapBatch           most expired leases looked at per fetch ({@code reap-batch}, 100)
 * @param promoteBatch        most due delayed tasks moved per fetch ({@code promote-batch}, 1000)
 * @param timeout             Redisson's response timeout ({@code timeout}, 3s)
 * @param connectTimeout      Redisson's connect timeout ({@code connect-timeout}, 10s)
 * @param poolSize            connections per Redis master ({@code pool-size}, 64); each waiting fetch holds one
 * @param redissonConfig      a Redisson YAML config file used instead of the URL ({@code redisson-config}, none)
 * @param retryFor            how long a call that failed on the connection (server restarting, connection
 *                            killed, failover) is tried again before it throws ({@code retry-for}, 30s)
 */
record Settings(int deadMaxCount, Duration deadMaxAge, Duration waitSlice, Duration consumerTimeout,
                Duration maintenanceInterval, int reapBatch, int promoteBatch, Duration timeout,
                Duration connectTimeout, int poolSize, String redissonConfig, Duration retryFor) {

    static Settings of(BackendConfig c) {
        return new Settings(
                positive(c, "dead-max-count", c.intOption("dead-max-count", 10_000)),
                c.durationOption("dead-max-age", Duration.ofDays(30)),
                c.durationOption("wait-slice", Duration.ofSeconds(1)),
                c.durationOption("consumer-timeout", Duration.ofMinutes(10)),
                c.durationOption("maintenance-interval", Duration.ofSeconds(30)),
                positive(c, "reap-batch", c.intOption("reap-batch", 100)),
                positive(c, "promote-batch", c.intOption("promote-batch", 1000)),
                c.durationOption("timeout", Duration.ofSeconds(3)),
                c.durationOption("connect-timeout", Duration.ofSeconds(10)),
                positive(c, "pool-size", c.intOption("pool-size", 64)),
                c.option("redisson-config", null),
                c.durationOption("retry-for", Duration.ofSeconds(30)));
    }

    private static int positive(BackendConfig c, String key, int value) {
        if (value < 1) {
            throw new dev.spool.api.SpoolException("backend option '" + key + "' is " + value + "; give 1 or more");
        }
        return value;
    }
}
