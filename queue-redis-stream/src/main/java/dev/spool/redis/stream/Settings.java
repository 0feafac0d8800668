package dev.spool.redis.stream;

import dev.spool.api.BackendConfig;
import dev.spool.api.SpoolException;
import dev.spool.redis.core.CommonOptions;
import dev.spool.redis.core.Options;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backend options of redis-stream, read once from {@link BackendConfig#options()}: those both
 * Redis adapters share ({@link CommonOptions}, with this backend's defaults: {@code pool.size} 64
 * connections per master, each waiting fetch holding one; {@code timeout.read} 3s;
 * {@code timeout.connect} 10s; {@code batch.size} 500) and this backend's own. Every option is
 * documented in the module's README. An unknown option is an error naming the known ones; the
 * dashed names of earlier versions are accepted as deprecated aliases.
 *
 * @param common              the shared options
 * @param consumerTimeout     a consumer that has not fetched for this long (by the clock) and holds
 *                            nothing is removed from the consumer group ({@code consumer.timeout}, 10m)
 * @param maintenanceInterval how often (real time) a fetching broker removes gone consumers
 *                            ({@code consumer.maintenance-interval}, 30s)
 * @param redissonConfig      a Redisson YAML config file used instead of the URL ({@code redisson.config}, none)
 */
record Settings(CommonOptions common, Duration consumerTimeout, Duration maintenanceInterval, String redissonConfig) {

    static final String CONSUMER_TIMEOUT = "consumer.timeout";
    static final String MAINTENANCE_INTERVAL = "consumer.maintenance-interval";
    static final String REDISSON_CONFIG = "redisson.config";

    private static final Set<String> OWN = Set.of(CONSUMER_TIMEOUT, MAINTENANCE_INTERVAL, REDISSON_CONFIG);
    private static final CommonOptions.Defaults DEFAULTS =
            new CommonOptions.Defaults(64, Duration.ofSeconds(10), Duration.ofSeconds(3), 500);

    /** The names of earlier versions (deprecated) and what they are now. */
    private static final Map<String, String> DEPRECATED = Map.ofEntries(
            Map.entry("dead-max-count", CommonOptions.DEAD_MAX_COUNT), Map.entry("dead-max-age", CommonOptions.DEAD_MAX_AGE),
            Map.entry("wait-slice", CommonOptions.MAX_BLOCK), Map.entry("consumer-timeout", CONSUMER_TIMEOUT),
            Map.entry("maintenance-interval", MAINTENANCE_INTERVAL), Map.entry("reap-batch", CommonOptions.REAP_BATCH),
            Map.entry("promote-batch", CommonOptions.PROMOTE_BATCH), Map.entry("timeout", CommonOptions.READ_TIMEOUT),
            Map.entry("connect-timeout", CommonOptions.CONNECT_TIMEOUT), Map.entry("pool-size", CommonOptions.POOL_SIZE),
            Map.entry("redisson-config", REDISSON_CONFIG), Map.entry("retry-for", CommonOptions.RETRY_FOR));

    static Settings of(BackendConfig config) {
        BackendConfig c = normalized(config);
        CommonOptions common = CommonOptions.of(RedisStreamBackend.NAME, c, DEFAULTS, OWN);
        Options o = new Options(RedisStreamBackend.NAME, c);
        return new Settings(common, o.positive(CONSUMER_TIMEOUT, Duration.ofMinutes(10)),
                o.positive(MAINTENANCE_INTERVAL, Duration.ofSeconds(30)), o.text(REDISSON_CONFIG, null));
    }

    /** {@code config} with deprecated names replaced by the current ones. */
    private static BackendConfig normalized(BackendConfig config) {
        Map<String, String> options = new TreeMap<>();
        Map<String, String> givenAs = new TreeMap<>();
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            String key = e.getKey();
            String now = DEPRECATED.getOrDefault(key, key); // an unknown name is refused by CommonOptions.of
            String before = options.put(now, e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new SpoolException("redis-stream: backend option '" + now + "' is given twice with different values (as '"
                        + givenAs.get(now) + "' and as '" + key + "', a deprecated name); give only '" + now + "'");
            }
            givenAs.put(now, key);
        }
        return new BackendConfig(config.url(), config.lease(), config.clock(), options);
    }
}
